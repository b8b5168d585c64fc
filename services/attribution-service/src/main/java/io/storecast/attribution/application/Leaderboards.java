package io.storecast.attribution.application;

import io.storecast.attribution.domain.BoardRow;
import io.storecast.attribution.domain.BoardSegment;
import io.storecast.attribution.persistence.AttributionDocuments.BoardDoc;
import io.storecast.attribution.persistence.AttributionDocuments.FollowUpDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StaffDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StoreDoc;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The leaderboards' and reviews' read model: one document per session, written whole by the leaderboard stream
 * whenever its counts change (a write twice is harmless), and a follow-up list per store once the session ended;
 * both read by id.
 */
@Service
public class Leaderboards {

    /** A store's line, ranked by paid GMV, then unique viewers. */
    public record Line(int rank, String storeId, String storeCode, String storeName, long clicks, long uniqueViewers,
                       long reservations, long orders, long paidOrders, long paidGmv, double conversion) {
    }

    public record Board(String sessionId, Instant updatedAt, List<Line> rows) {
    }

    /** A staff member's funnel line. */
    public record StaffLine(String staffId, String staffName, String storeId, String storeCode, long clicks,
                            long uniqueViewers, long reservations, long orders, long paidOrders, long paidGmv,
                            double conversion) {
    }

    /** A pinned-product segment's sales: paid orders placed while the product was pinned. */
    public record Segment(String sku, Instant from, Instant to, long paidOrders, long paidGmv) {
    }

    /**
     * {@code unpinned}: the session's paid orders placed while no product was pinned, and their GMV, so that the
     * segments and it add up to every paid order of the session.
     */
    public record Review(String sessionId, Instant endedAt, List<Line> stores, List<StaffLine> staff,
                         List<Segment> segments, Unpinned unpinned) {
    }

    public record Unpinned(long paidOrders, long paidGmv) {
    }

    public record FollowUps(String sessionId, String storeId, String storeCode, int count, List<String> customers) {
    }

    private final MongoTemplate mongo;
    private final ReferenceViews reference;
    private final Clock clock;

    public Leaderboards(MongoTemplate mongo, ReferenceViews reference, Clock clock) {
        this.mongo = mongo;
        this.reference = reference;
        this.clock = clock;
    }

    /**
     * The session's board as the stream counts it: store and staff lines, the pinned-product segments, the paid
     * orders placed while nothing was pinned and their GMV, and the end.
     */
    public void write(String sessionId, List<BoardRow> stores, List<BoardRow> staff, List<BoardSegment> segments,
                      long unpinnedOrders, long unpinnedGmv, Long endedAt) {
        mongo.save(new BoardDoc(sessionId, stores, staff, segments, unpinnedOrders, unpinnedGmv,
                endedAt == null ? null : Instant.ofEpochMilli(endedAt), clock.instant()));
    }

    public void writeFollowUps(String sessionId, Map<String, List<String>> byStore) {
        if (byStore.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, FollowUpDoc.class);
        Instant now = clock.instant();
        byStore.forEach((store, customers) -> bulk.replaceOne(query(where("_id").is(sessionId + "|" + store)),
                new FollowUpDoc(sessionId + "|" + store, sessionId, store, customers.stream().sorted().toList(), now),
                org.springframework.data.mongodb.core.FindAndReplaceOptions.options().upsert()));
        bulk.execute();
    }

    /** The session's board from its store lines as the stream counts them now ({@link LiveBoards}). */
    public Board board(String sessionId, List<BoardRow> live) {
        return new Board(sessionId, clock.instant(), lines(live));
    }

    /** The session's board as last written to Mongo, or an empty one before its first fact. */
    public Board board(String sessionId) {
        BoardDoc d = mongo.findById(sessionId, BoardDoc.class);
        return d == null ? new Board(sessionId, null, List.of()) : new Board(sessionId, d.updatedAt(), lines(d.rows()));
    }

    /** After (or during) the broadcast: the funnel per store and per staff member, and the segments' sales. */
    public Review review(String sessionId) {
        BoardDoc d = mongo.findById(sessionId, BoardDoc.class);
        if (d == null) {
            return new Review(sessionId, null, List.of(), List.of(), List.of(), new Unpinned(0, 0));
        }
        List<BoardRow> staffRows = d.staff() == null ? List.of() : d.staff();
        Map<String, StaffDoc> staff = mongo.find(query(where("_id").in(staffRows.stream().map(BoardRow::id).toList())),
                StaffDoc.class).stream().collect(Collectors.toMap(StaffDoc::id, Function.identity()));
        Map<String, StoreDoc> stores = stores(staff.values().stream().map(StaffDoc::storeId).toList());
        List<StaffLine> staffLines = staffRows.stream().sorted(Comparator.comparingLong(BoardRow::paidGmv).reversed()
                .thenComparing(BoardRow::id)).map(r -> {
                    StaffDoc st = staff.get(r.id());
                    StoreDoc s = st == null ? null : stores.get(st.storeId());
                    return new StaffLine(r.id(), st == null ? "" : st.name(), st == null ? null : st.storeId(),
                            s == null ? "" : s.code(), r.clicks(), r.uniqueViewers(), r.reservations(), r.orders(),
                            r.paidOrders(), r.paidGmv(), r.conversion());
                }).toList();
        List<Segment> segments = (d.segments() == null ? List.<BoardSegment>of() : d.segments()).stream()
                .map(x -> new Segment(x.sku(), Instant.ofEpochMilli(x.from()), x.to() == 0 ? null
                        : Instant.ofEpochMilli(x.to()), x.paidOrders(), x.paidGmv())).toList();
        return new Review(sessionId, d.endedAt(), lines(d.rows()), staffLines, segments,
                new Unpinned(d.unpinnedOrders() == null ? 0 : d.unpinnedOrders(),
                        d.unpinnedGmv() == null ? 0 : d.unpinnedGmv()));
    }

    /**
     * A store's viewers of an ended session who bought nothing in it, by customer id; {@code live}: the session's
     * lines as the stream counts them now, when known (a session counted live but not yet copied to Mongo exists).
     */
    public FollowUps followUps(String sessionId, String storeId, Optional<List<BoardRow>> live) {
        BoardDoc d = mongo.findById(sessionId, BoardDoc.class);
        if (d == null && live.map(List::isEmpty).orElse(true)) {
            throw new NotFoundException("leaderboard of session", sessionId);
        }
        if (d == null || d.endedAt() == null) {          // counted live, its copy not yet written: not ended either
            throw new ConflictException("sessionId", "session " + sessionId + " has not ended: its follow-up lists "
                    + "are made when it ends");
        }
        FollowUpDoc f = mongo.findById(sessionId + "|" + storeId, FollowUpDoc.class);
        List<String> customers = f == null ? List.of() : f.customers();
        StoreDoc s = mongo.findById(storeId, StoreDoc.class);
        return new FollowUps(sessionId, storeId, s == null ? storeId : s.code(), customers.size(), customers);
    }

    /** Ranked, with each store's code and name from memory (no query per read of a live board). */
    private List<Line> lines(List<BoardRow> rows) {
        List<BoardRow> ranked = rows.stream().sorted(Comparator.comparingLong(BoardRow::paidGmv).reversed()
                .thenComparing(Comparator.comparingLong(BoardRow::uniqueViewers).reversed())
                .thenComparing(BoardRow::id)).toList();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            BoardRow r = ranked.get(i);
            StoreDoc s = reference.store(r.id()).orElse(null);
            lines.add(new Line(i + 1, r.id(), s == null ? r.id() : s.code(), s == null ? "" : s.name(), r.clicks(),
                    r.uniqueViewers(), r.reservations(), r.orders(), r.paidOrders(), r.paidGmv(), r.conversion()));
        }
        return lines;
    }

    private Map<String, StoreDoc> stores(List<String> ids) {
        return mongo.find(query(where("_id").in(ids)), StoreDoc.class).stream()
                .collect(Collectors.toMap(StoreDoc::id, Function.identity(), (a, b) -> a));
    }
}
