package io.storecast.attribution.application;

import io.storecast.attribution.domain.LedgerEntry;
import io.storecast.attribution.domain.Rollups;
import io.storecast.attribution.domain.Settlement;
import io.storecast.attribution.persistence.AttributionDocuments.CloseLockDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PaidStatementsDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PayoutDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PayoutIdDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PeriodCloseDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementBalanceDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementLineDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementPartDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementRollupDoc;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Period close, statements and payouts. No step needs a transaction: one close runs at a time, whatever its period
 * (a lock with a lease the closer renews as it goes: two closes at once would both claim the settleable entries of
 * earlier periods); a close claims entries onto their statement ids (deterministic: period/type/beneficiary) before
 * it writes the statements, and a close that stopped half-way is resumed — by the next close request or by the
 * minute's sweep once its lease has run out — building the same statements from the same claims. A payout claims
 * its id first, then changes the statement's balance by compare-and-set, so the same payout id twice, or two
 * payouts racing past the total, change nothing.
 */
@Service
public class Settlements {

    private static final Logger log = LoggerFactory.getLogger(Settlements.class);
    static final Duration LEASE = Duration.ofMinutes(2);
    static final String CLOSING = "CLOSING";
    static final String CLOSED = "CLOSED";
    private static final String LOCK = "close";

    public record Statement(StatementDoc statement, StatementBalanceDoc balance) {
        public long outstanding() {
            return statement.total() - balance.paid();
        }

        /** {@code OPEN}, {@code PARTLY_PAID} or {@code PAID}. */
        public String status() {
            return outstanding() == 0 ? "PAID" : balance.paid() > 0 ? "PARTLY_PAID" : "OPEN";
        }
    }

    /** One page of the statements asked for, by id, and how many there are in all. */
    public record StatementPage(String period, int page, int size, long count, List<Statement> statements) {
    }

    /** The payout and whether this call recorded it ({@code false}: the same payout id again). */
    public record Recorded(PayoutDoc payout, Statement statement, boolean created) {
    }

    private final MongoTemplate mongo;
    private final ReferenceViews reference;
    private final AttributionSettings settings;
    private final Clock clock;

    public Settlements(MongoTemplate mongo, ReferenceViews reference, AttributionSettings settings, Clock clock) {
        this.mongo = mongo;
        this.reference = reference;
        this.settings = settings;
        this.clock = clock;
    }

    /** Closes {@code period} (over in the brand's time zone); closing it again answers the same close. */
    public PeriodCloseDoc close(String period, String closedBy) {
        String p = Reports.validPeriod(period);
        PeriodCloseDoc existing = mongo.findById(p, PeriodCloseDoc.class);
        if (existing != null && CLOSED.equals(existing.status())) {
            return existing;
        }
        if (!Settlement.isOver(YearMonth.parse(p), clock.instant(), settings.timeZone())) {
            throw new InvalidFieldException("period", "period " + p + " is not over yet in " + settings.timeZone()
                    + ": it can be closed from its next month on");
        }
        Lock lock = lock(p);
        if (lock == null) {
            CloseLockDoc held = mongo.findById(LOCK, CloseLockDoc.class);
            throw new ConflictException("period", "a close of period " + (held == null ? p : held.period())
                    + " is running right now; retry in a minute");
        }
        try {
            return freeze(p, lock, closedBy);
        } finally {
            lock.release();
        }
    }

    /**
     * Takes the one close lock for {@code p} — free, or left by a closer that stopped (its lease ran out) — and
     * records the attempt on the period's close. Null when another close holds it.
     */
    private Lock lock(String p) {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        boolean taken;
        try {
            mongo.insert(new CloseLockDoc(LOCK, owner, p, now.plus(LEASE)));
            taken = true;
        } catch (DuplicateKeyException held) {
            taken = mongo.findAndModify(query(where("_id").is(LOCK).and("until").lt(now)),
                    new Update().set("owner", owner).set("period", p).set("until", now.plus(LEASE)),
                    CloseLockDoc.class) != null;
        }
        if (!taken) {
            return null;
        }
        try {
            mongo.insert(new PeriodCloseDoc(p, CLOSING, owner, now, null, null, 0, 0));
        } catch (DuplicateKeyException resumed) {
            mongo.updateFirst(query(where("_id").is(p).and("status").is(CLOSING)),
                    new Update().set("owner", owner).set("startedAt", now), PeriodCloseDoc.class);
        }
        return new Lock(owner, p, now);
    }

    /** The close lock while held: renewed as the close goes on, so only a closer that stopped loses it. */
    private final class Lock {
        private final String owner;
        private final String period;
        private Instant renewed;

        Lock(String owner, String period, Instant at) {
            this.owner = owner;
            this.period = period;
            this.renewed = at;
        }

        /** Renews the lease when a third of it is gone; a closer that lost it stops before writing anything more. */
        void check() {
            Instant now = clock.instant();
            if (now.isBefore(renewed.plus(LEASE.dividedBy(3)))) {
                return;
            }
            if (mongo.findAndModify(query(where("_id").is(LOCK).and("owner").is(owner)),
                    new Update().set("until", now.plus(LEASE)), CloseLockDoc.class) == null) {
                throw new ConflictException("period", "the close of period " + period
                        + " stopped too long and was taken over; read it again");
            }
            renewed = now;
        }

        void release() {
            mongo.remove(query(where("_id").is(LOCK).and("owner").is(owner)), CloseLockDoc.class);
        }
    }

    /** Resumes closes whose closer stopped half-way, once the lock they held has run out. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void resumeStoppedCloses() {
        for (PeriodCloseDoc c : mongo.find(query(where("status").is(CLOSING)), PeriodCloseDoc.class)) {
            Lock lock = lock(c.period());
            if (lock == null) {
                return;
            }
            try {
                log.warn("resuming the close of period {} left half-way", c.period());
                freeze(c.period(), lock, c.closedBy() == null ? "resumed" : c.closedBy());
            } catch (RuntimeException e) {
                log.warn("the close of period {} failed again; the next sweep retries it", c.period(), e);
            } finally {
                lock.release();
            }
        }
    }

    /**
     * Freezes the period's statements under the close lock: nothing else claims entries meanwhile, so the entries
     * read here are exactly those each statement gets. A statement an earlier attempt froze stands as it is.
     */
    private PeriodCloseDoc freeze(String p, Lock lock, String closedBy) {
        Pattern ofThisClose = Pattern.compile("^" + Pattern.quote(p + "/"));
        // entries a stopped attempt of this close claimed, by statement
        Map<String, List<LedgerDoc>> claimed = group(mongo.find(query(where("statementId").regex(ofThisClose)),
                LedgerDoc.class));
        // every settleable entry of this period or earlier not on a statement yet, by statement it would go on
        Map<String, List<LedgerDoc>> open = group(mongo.find(query(where("status").is(Attributions.SETTLEABLE)
                .and("statementId").is(null).and("period").lte(p)), LedgerDoc.class), p);
        Set<String> ids = new TreeSet<>(claimed.keySet());
        ids.addAll(open.keySet());
        for (String sid : ids) {
            lock.check();
            if (mongo.exists(query(where("_id").is(sid)), StatementDoc.class)) {
                continue;      // frozen by the stopped attempt: later entries wait for the next close
            }
            List<LedgerDoc> before = claimed.getOrDefault(sid, List.of());
            List<LedgerDoc> fresh = open.getOrDefault(sid, List.of());
            List<LedgerDoc> all = new ArrayList<>(before);
            all.addAll(fresh);
            if (Settlement.issues(lines(all, Set.of()))) {
                claim(fresh, sid);
                writeStatement(sid, p, all);
            } else if (!before.isEmpty()) {
                // a stopped attempt claimed part of a statement that, with what came since, owes nothing: give back
                mongo.updateMulti(query(where("_id").in(before.stream().map(LedgerDoc::id).toList())),
                        new Update().set("status", Attributions.SETTLEABLE).set("statementId", null), LedgerDoc.class);
            }
        }
        lock.check();
        List<StatementDoc> statements = mongo.find(query(where("period").is(p)), StatementDoc.class);
        writeStatementRollups(p, statements);
        long total = statements.stream().mapToLong(StatementDoc::total).reduce(0, Math::addExact);
        PeriodCloseDoc done = mongo.findAndModify(query(where("_id").is(p).and("owner").is(lock.owner)),
                new Update().set("status", CLOSED).set("closedBy", closedBy).set("closedAt", clock.instant())
                        .set("statements", statements.size()).set("total", total),
                FindAndModifyOptions.options().returnNew(true), PeriodCloseDoc.class);
        if (done == null) {
            throw new ConflictException("period", "period " + p + " was taken over by another close; read it again");
        }
        return done;
    }

    /**
     * What the close put on statement, per beneficiary and entry period, for the reports: written whole (a resumed
     * close writes the same), before the close is marked closed.
     */
    private void writeStatementRollups(String close, List<StatementDoc> statements) {
        Map<String, List<StatementPartDoc>> parts = new TreeMap<>();
        for (StatementDoc st : statements) {
            Map<String, Long> byPeriod = new TreeMap<>();
            st.lines().forEach(line -> byPeriod.merge(line.entryPeriod(), line.amount(), Math::addExact));
            List<StatementPartDoc> doc = parts.computeIfAbsent(Rollups.bucket(close, st.beneficiaryType(),
                    st.beneficiaryId()), k -> new ArrayList<>());
            byPeriod.forEach((period, amount) -> doc.add(new StatementPartDoc(st.id(), st.beneficiaryId(), period,
                    amount)));
        }
        if (parts.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, StatementRollupDoc.class);
        parts.forEach((doc, list) -> bulk.replaceOne(query(where("_id").is(doc)), new StatementRollupDoc(doc, list),
                FindAndReplaceOptions.options().upsert()));
        bulk.execute();
    }

    private void claim(List<LedgerDoc> entries, String sid) {
        if (!entries.isEmpty()) {
            mongo.updateMulti(query(where("_id").in(entries.stream().map(LedgerDoc::id).toList())
                            .and("statementId").is(null)),
                    new Update().set("statementId", sid).set("status", "ON_STATEMENT"), LedgerDoc.class);
        }
    }

    /** Freezes the statement from the entries claimed onto it (all of them: the lock keeps other closes out). */
    private void writeStatement(String sid, String p, List<LedgerDoc> entries) {
        Set<String> corrected = ordersOnEarlierStatements(entries, p);
        List<StatementLineDoc> lines = lines(entries, corrected).stream().map(l -> new StatementLineDoc(l.entryId(),
                l.orderId(), l.lineNo(), l.role(), l.kind(), l.amount(), l.entryPeriod(), l.carriedForward())).toList();
        LedgerDoc first = entries.getFirst();
        String[] who = beneficiary(first.beneficiaryType(), first.beneficiaryId());
        long total = lines.stream().mapToLong(StatementLineDoc::amount).reduce(0, Math::addExact);
        try {
            mongo.insert(new StatementDoc(sid, p, first.beneficiaryType(), first.beneficiaryId(), who[0], who[1],
                    first.currency(), lines, total, clock.instant()));
        } catch (DuplicateKeyException alreadyFrozen) {
            // the same claims, frozen once
        }
        try {
            mongo.insert(new StatementBalanceDoc(sid, total, 0, List.of(), 0));
        } catch (DuplicateKeyException exists) {
            // written by an earlier attempt
        }
    }

    /** Orders of negative lines that already stand on an earlier statement: those lines are carried forward. */
    private Set<String> ordersOnEarlierStatements(List<LedgerDoc> entries, String p) {
        Set<String> negative = entries.stream().filter(e -> e.amount() < 0).map(LedgerDoc::orderId)
                .collect(Collectors.toSet());
        if (negative.isEmpty()) {
            return Set.of();
        }
        return mongo.find(query(where("orderId").in(negative).and("statementId").ne(null)), LedgerDoc.class).stream()
                .filter(e -> !e.statementId().startsWith(p + "/")).map(LedgerDoc::orderId).collect(Collectors.toSet());
    }

    private static List<Settlement.Line> lines(List<LedgerDoc> entries, Set<String> corrected) {
        return entries.stream().sorted(Comparator.comparing(LedgerDoc::id))
                .map(e -> new Settlement.Line(e.id(), e.orderId(), e.lineNo(), e.role(), e.kind(), e.amount(),
                        e.period(), e.amount() < 0 && corrected.contains(e.orderId()))).toList();
    }

    private static Map<String, List<LedgerDoc>> group(List<LedgerDoc> entries) {
        Map<String, List<LedgerDoc>> out = new LinkedHashMap<>();
        entries.forEach(e -> out.computeIfAbsent(e.statementId(), k -> new ArrayList<>()).add(e));
        return out;
    }

    private static Map<String, List<LedgerDoc>> group(List<LedgerDoc> entries, String p) {
        Map<String, List<LedgerDoc>> out = new LinkedHashMap<>();
        entries.forEach(e -> out.computeIfAbsent(Settlement.statementId(p,
                LedgerEntry.BeneficiaryType.valueOf(e.beneficiaryType()), e.beneficiaryId()), k -> new ArrayList<>()).add(e));
        return out;
    }

    /** Code and name to print: the store's or dealer's own; a staff member's name and store code. */
    private String[] beneficiary(String type, String id) {
        return switch (LedgerEntry.BeneficiaryType.valueOf(type)) {
            case STORE -> reference.store(id).map(s -> new String[]{s.code(), s.name()}).orElse(new String[]{id, ""});
            case DEALER -> reference.dealer(id).map(d -> new String[]{d.code(), d.name()}).orElse(new String[]{id, ""});
            case STAFF -> reference.staff(id).map(s -> new String[]{reference.store(s.storeId())
                    .map(st -> st.code()).orElse(s.storeId()) + "/" + id, s.name()}).orElse(new String[]{id, ""});
        };
    }

    public PeriodCloseDoc periodClose(String period) {
        String p = Reports.validPeriod(period);
        PeriodCloseDoc c = mongo.findById(p, PeriodCloseDoc.class);
        if (c == null) {
            throw new NotFoundException("close of period", p);
        }
        return c;
    }

    public Statement statement(String id) {
        StatementDoc s = mongo.findById(id, StatementDoc.class);
        if (s == null) {
            throw new NotFoundException("statement", id);
        }
        StatementBalanceDoc b = mongo.findById(id, StatementBalanceDoc.class);
        return new Statement(s, b != null ? b : new StatementBalanceDoc(id, s.total(), 0, List.of(), 0));
    }

    /**
     * A page of a period's statements, optionally of one beneficiary type or one beneficiary, by id, without their
     * lines ({@code null}): a period of a chain's thousands of stores is read a page at a time, never whole.
     */
    public StatementPage statements(String period, String type, String beneficiaryId, int page, int size) {
        String p = Reports.validPeriod(period);
        Criteria c = where("period").is(p);
        if (type != null) {
            c = c.and("beneficiaryType").is(type);
        }
        if (beneficiaryId != null) {
            c = c.and("beneficiaryId").is(beneficiaryId);
        }
        long count = mongo.count(query(c), StatementDoc.class);
        Query q = query(c).with(Sort.by("_id")).skip((long) page * size).limit(size);
        q.fields().exclude("lines");      // a statement's lines are read on its own page, not a thousand at a time
        List<StatementDoc> docs = mongo.find(q, StatementDoc.class);
        Map<String, StatementBalanceDoc> balances = mongo.find(query(where("_id").in(docs.stream()
                .map(StatementDoc::id).toList())), StatementBalanceDoc.class).stream()
                .collect(Collectors.toMap(StatementBalanceDoc::statementId, b -> b));
        return new StatementPage(p, page, size, count, docs.stream().map(d -> new Statement(d,
                balances.getOrDefault(d.id(), new StatementBalanceDoc(d.id(), d.total(), 0, List.of(), 0)))).toList());
    }

    /**
     * Records a payout against a statement. The same payout id again (same statement and amount) answers the payout
     * recorded first; with another statement or amount it is a conflict; more than the statement still owes is
     * refused. Once paid in full, the statement's entries are {@code PAID}.
     */
    public Recorded pay(String statementId, String payoutId, long amount, Instant paidAt, String reference,
                        String recordedBy) {
        Statement st = statement(statementId);
        try {
            mongo.insert(new PayoutIdDoc(payoutId, statementId, amount));
        } catch (DuplicateKeyException again) {
            PayoutIdDoc first = mongo.findById(payoutId, PayoutIdDoc.class);
            if (first == null || !first.statementId().equals(statementId) || first.amount() != amount) {
                throw new ConflictException("payoutId", "payout " + payoutId + " was recorded for "
                        + (first == null ? "another request" : "statement " + first.statementId() + " with "
                        + first.amount() + " fen"));
            }
        }
        PayoutDoc payout = new PayoutDoc(payoutId, statementId, amount, paidAt, reference, recordedBy, clock.instant());
        for (int attempt = 0; attempt < 20; attempt++) {
            StatementBalanceDoc b = st.balance();
            PayoutDoc earlier = b.payouts().stream().filter(x -> x.payoutId().equals(payoutId)).findFirst()
                    .orElse(null);
            if (earlier != null) {
                markPaidIfSettled(st.statement(), b);
                return new Recorded(earlier, st, false);
            }
            try {
                Settlement.checkPayout(b.total(), b.paid(), amount);
            } catch (IllegalArgumentException e) {
                mongo.remove(query(where("_id").is(payoutId)), PayoutIdDoc.class);
                throw new InvalidFieldException("amount", e.getMessage());
            }
            StatementBalanceDoc next = new StatementBalanceDoc(statementId, b.total(), b.paid() + amount,
                    append(b.payouts(), payout), b.version() + 1);
            boolean written;
            if (b.version() == 0 && !mongo.exists(query(where("_id").is(statementId)), StatementBalanceDoc.class)) {
                try {
                    mongo.insert(next);
                    written = true;
                } catch (DuplicateKeyException raced) {
                    written = false;
                }
            } else {
                written = mongo.findAndReplace(query(where("_id").is(statementId).and("version").is(b.version())),
                        next) != null;
            }
            if (written) {
                markPaidIfSettled(st.statement(), next);
                return new Recorded(payout, new Statement(st.statement(), next), true);
            }
            st = statement(statementId);     // another payout changed the balance: decide again
        }
        throw new ConflictException("payoutId", "the statement's balance is changing too fast; retry");
    }

    /** Once a statement is paid in full: its entries are PAID, and the reports count it paid (both idempotent). */
    private void markPaidIfSettled(StatementDoc st, StatementBalanceDoc b) {
        if (b.paid() == b.total()) {
            mongo.updateMulti(query(where("statementId").is(b.statementId()).and("status").is("ON_STATEMENT")),
                    new Update().set("status", "PAID"), LedgerDoc.class);
            mongo.upsert(query(where("_id").is(Rollups.bucket(st.period(), st.beneficiaryType(),
                    st.beneficiaryId()))), new Update().addToSet("statementIds", st.id()), PaidStatementsDoc.class);
        }
    }

    private static List<PayoutDoc> append(List<PayoutDoc> list, PayoutDoc p) {
        List<PayoutDoc> out = new ArrayList<>(list);
        out.add(p);
        return out;
    }
}
