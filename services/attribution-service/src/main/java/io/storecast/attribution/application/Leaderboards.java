package io.storecast.attribution.application;

import io.storecast.attribution.domain.BoardRow;
import io.storecast.attribution.persistence.AttributionDocuments.StoreDoc;
import io.storecast.attribution.persistence.AttributionDocuments.BoardDoc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The leaderboards' read model: one document per session, written whole by the leaderboard stream whenever its
 * counts change (so a write twice is harmless), read by id.
 */
@Service
public class Leaderboards {

    /** A store's line as HQ sees it, ranked by paid GMV, then unique viewers. */
    public record Line(int rank, String storeId, String storeCode, String storeName, long clicks, long uniqueViewers,
                       long reservations, long orders, long paidOrders, long paidGmv, double conversion) {
    }

    public record Board(String sessionId, Instant updatedAt, List<Line> rows) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;

    public Leaderboards(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public void write(String sessionId, List<BoardRow> rows) {
        mongo.save(new BoardDoc(sessionId, rows, clock.instant()));
    }

    /** The session's board as last written, or an empty one before its first fact. */
    public Board board(String sessionId) {
        BoardDoc d = mongo.findById(sessionId, BoardDoc.class);
        if (d == null) {
            return new Board(sessionId, null, List.of());
        }
        Map<String, StoreDoc> stores = mongo.find(query(where("_id").in(d.rows().stream().map(BoardRow::storeId)
                .toList())), StoreDoc.class).stream().collect(Collectors.toMap(StoreDoc::id, Function.identity()));
        List<BoardRow> ranked = d.rows().stream().sorted(Comparator.comparingLong(BoardRow::paidGmv).reversed()
                .thenComparing(Comparator.comparingLong(BoardRow::uniqueViewers).reversed())
                .thenComparing(BoardRow::storeId)).toList();
        List<Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            BoardRow r = ranked.get(i);
            StoreDoc s = stores.get(r.storeId());
            lines.add(new Line(i + 1, r.storeId(), s == null ? r.storeId() : s.code(), s == null ? "" : s.name(),
                    r.clicks(), r.uniqueViewers(), r.reservations(), r.orders(), r.paidOrders(), r.paidGmv(),
                    r.conversion()));
        }
        return new Board(sessionId, d.updatedAt(), lines);
    }

    /** When the session's board last changed (null: never), for the live stream to know when to push. */
    public Instant updatedAt(String sessionId) {
        var q = query(where("_id").is(sessionId));
        q.fields().include("updatedAt");
        BoardDoc d = mongo.findOne(q, BoardDoc.class);
        return d == null ? null : d.updatedAt();
    }
}
