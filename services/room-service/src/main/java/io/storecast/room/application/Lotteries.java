package io.storecast.room.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.rooms.LotteryCreated;
import io.storecast.contracts.rooms.LotteryDrawn;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.Lottery;
import io.storecast.room.persistence.RoomDocuments.LotteryDoc;
import io.storecast.room.persistence.RoomDocuments.LotteryEntriesDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lotteries of a session: created with the hash of their seed published, drawn once while the session is
 * live from the viewers present then (see {@link Lottery} for the draw), the result published with the
 * seed, the eligible list and the winners so anyone can repeat it.
 */
@Service
public class Lotteries {

    /** Customer ids per chunk of a draw's eligible list: well under a document's 16 MB. */
    static final int CHUNK = 20_000;

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final RoomCommands rooms;
    private final PresenceReadModel presence;
    private final Clock clock;

    public Lotteries(MongoTemplate mongo, OutboxRelay relay, RoomCommands rooms, PresenceReadModel presence,
                     Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.rooms = rooms;
        this.presence = presence;
        this.clock = clock;
        mongo.indexOps(LotteryDoc.class).createIndex(new Index().on("sessionId", Sort.Direction.ASC));
    }

    public Lottery create(String sessionId, String prize, int winners, Lottery.Eligibility eligibility) {
        BroadcastSession s = rooms.session(sessionId);
        if (s.status() == BroadcastSession.Status.ENDED) {
            throw new ConflictException("status", "session " + sessionId + " has ENDED; no more lotteries");
        }
        Instant now = clock.instant();
        Lottery l = Lottery.create("lot-" + UUID.randomUUID(), sessionId, prize, winners, eligibility, now);
        LotteryCreated event = new LotteryCreated(l.id(), sessionId, s.roomId(), prize, winners, eligibility.name(),
                l.seedHash(), now);
        mongo.insert(new LotteryDoc(l.id(), sessionId, s.roomId(), prize, winners, eligibility.name(), l.seed(),
                l.seedHash(), now, null, 0, null, null, null, List.of(OutboxRecord.of(Events.LOTTERY_CREATED, s.roomId(),
                sessionId, RoomCommands.SOURCE, now, event, null, null))));
        relay.wake(LotteryDoc.class, l.id());
        return l;
    }

    public Lottery lottery(String id) {
        LotteryDoc d = mongo.findById(id, LotteryDoc.class);
        if (d == null) {
            throw new NotFoundException("lottery", id);
        }
        return toLottery(d);
    }

    public List<Lottery> ofSession(String sessionId) {
        rooms.session(sessionId);
        return mongo.find(Query.query(Criteria.where("sessionId").is(sessionId)).with(Sort.by("createdAt")),
                LotteryDoc.class).stream().map(this::toLottery).toList();
    }

    /** Draws once; a second draw answers 409. The winners and how they were drawn are published. */
    public Lottery draw(String id) {
        LotteryDoc before = mongo.findById(id, LotteryDoc.class);
        if (before == null) {
            throw new NotFoundException("lottery", id);
        }
        Lottery lottery = toLottery(before);
        rooms.session(lottery.sessionId()).requireLive("drawing a lottery");
        Instant now = clock.instant();
        Lottery drawn = lottery.drawFrom(presence.eligible(lottery.sessionId(), lottery.eligibility()), now);
        Lottery.Draw d = drawn.draw();
        String eligibleHash = d.eligibleHash();
        LotteryDrawn event = new LotteryDrawn(id, lottery.sessionId(), before.roomId(), lottery.prize(),
                lottery.seed(), lottery.seedHash(), d.eligible().size(), eligibleHash, d.winners(), now);
        // the list first, under a fresh draw id: a crash before the draw is recorded leaves only unused chunks
        String drawId = UUID.randomUUID().toString();
        List<LotteryEntriesDoc> chunks = new ArrayList<>();
        for (int i = 0, n = 0; i < d.eligible().size(); i += CHUNK, n++) {
            chunks.add(new LotteryEntriesDoc(drawId + ":" + n, drawId, n,
                    d.eligible().subList(i, Math.min(d.eligible().size(), i + CHUNK))));
        }
        mongo.insertAll(chunks);
        var r = mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("drawnAt").is(null)),
                new Update().set("drawId", drawId).set("eligibleCount", d.eligible().size())
                        .set("eligibleHash", eligibleHash).set("drawnWinners", d.winners()).set("drawnAt", now)
                        .push("outbox", OutboxRecord.of(Events.LOTTERY_DRAWN, before.roomId(), lottery.sessionId(),
                                RoomCommands.SOURCE, now, event, null, null)), LotteryDoc.class);
        if (r.getModifiedCount() == 0) {
            throw new ConflictException("status", "lottery " + id + " was drawn concurrently");
        }
        relay.wake(LotteryDoc.class, id);
        return drawn;
    }

    /** A drawn lottery's eligible list, as the draw used it (sorted); empty before the draw. */
    public List<String> eligible(String id) {
        LotteryDoc d = mongo.findById(id, LotteryDoc.class);
        if (d == null) {
            throw new NotFoundException("lottery", id);
        }
        if (d.drawId() == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(d.eligibleCount());
        mongo.find(Query.query(Criteria.where("drawId").is(d.drawId())).with(Sort.by("chunk")), LotteryEntriesDoc.class)
                .forEach(c -> ids.addAll(c.customerIds()));
        return ids;
    }

    private Lottery toLottery(LotteryDoc d) {
        Lottery.Draw draw = d.drawnAt() == null ? null
                : new Lottery.Draw(List.of(), d.drawnWinners(), d.drawnAt(), d.eligibleCount(), d.eligibleHash());
        return new Lottery(d.id(), d.sessionId(), d.prize(), d.winners(), Lottery.Eligibility.valueOf(d.eligibility()),
                d.seed(), d.seedHash(), d.createdAt(), draw);
    }
}
