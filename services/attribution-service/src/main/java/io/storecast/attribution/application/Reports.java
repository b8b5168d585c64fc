package io.storecast.attribution.application;

import io.storecast.attribution.domain.ReportRow;
import io.storecast.attribution.domain.Reporting;
import io.storecast.attribution.domain.Rollups;
import io.storecast.attribution.persistence.AttributionDocuments.PaidStatementsDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PeriodCloseDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RollupDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RollupRowDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementPartDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementRollupDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DealerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StaffDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StoreDoc;
import io.storecast.attribution.persistence.RecordBson;
import io.storecast.platform.problems.InvalidFieldException;
import org.bson.RawBsonDocument;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The finance reports for a period, per store, per dealer or per staff member (PRODUCT.md, Finance reports), read
 * from running sums instead of the month's ledger: the rows the decision stream keeps per period and party
 * (sales of the orders credited, commission accrued, reversed and of completed orders), and what each close put on
 * statements and which of those are paid in full. A few dozen documents by id whatever the month's size (one, for a
 * dealer's or a store's own row), the stores', dealers' and staff members' names from memory; the
 * totals row is the sum of every row the filter keeps — all pages — and so equals the sum of the ledger entries the
 * report covers. About 0.4 s behind the payment at the median when the machine has room: the decision stream's
 * commit, then the rows stream's write once the commit's burst of movements is in.
 */
@Service
public class Reports {

    /**
     * {@code rowCount} rows in all, {@code rows} the requested page of them; {@code totals} over all of them.
     */
    public record Report(Reporting.Party party, String period, String currency, int page, int size, int rowCount,
                         List<ReportRow> rows, ReportRow totals) {
    }

    private final MongoTemplate mongo;
    private final ReferenceViews reference;

    public Reports(MongoTemplate mongo, ReferenceViews reference) {
        this.mongo = mongo;
        this.reference = reference;
    }

    public static String validPeriod(String period) {
        try {
            return YearMonth.parse(period == null ? "" : period).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("period", "period must be a month as yyyy-MM, e.g. 2026-11", 400);
        }
    }

    /**
     * @param dealerId keeps rows of that dealer: its stores, their staff, or the dealer itself
     * @param storeId  keeps rows of that store: the store itself or its staff (not for the dealer report)
     * @param staffId  keeps the row of that staff member (the staff report only)
     * @param size     rows per page; {@code 0} answers every row (the file formats)
     */
    public Report report(Reporting.Party party, String period, String dealerId, String storeId, String staffId,
                         int page, int size) {
        String p = validPeriod(period);
        if (party == Reporting.Party.DEALER && storeId != null) {
            throw new InvalidFieldException("storeId", "the dealer report filters by dealerId, not by store", 400);
        }
        if (party != Reporting.Party.STAFF && staffId != null) {
            throw new InvalidFieldException("staffId", "only the staff report filters by staffId", 400);
        }
        // a filter naming one party of the report's own kind needs only the document its row lives in
        String only = switch (party) {
            case DEALER -> dealerId;
            case STORE -> storeId;
            case STAFF -> staffId;
        };
        Map<String, long[]> sums = rollups(p, party.name(), only);
        Map<String, long[]> stated = statementParts(p, party.name(), only);
        Set<String> ids = new HashSet<>(sums.keySet());
        ids.addAll(stated.keySet());
        Network net = network(party, ids);
        Predicate<String> keep = net.filter(party, dealerId, storeId, staffId);
        List<ReportRow> sorted = ids.stream().filter(keep)
                .map(id -> {
                    long[] st = stated.getOrDefault(id, new long[2]);
                    return Rollups.toRow(net.emptyRow(party, id), sums.getOrDefault(id, new long[Rollups.WIDTH]),
                            st[0], st[1]);
                })
                .sorted(Comparator.comparing(ReportRow::code).thenComparing(ReportRow::id)).toList();
        ReportRow totals = Reporting.totals(sorted);
        List<ReportRow> shown = size == 0 ? sorted
                : sorted.stream().skip((long) page * size).limit(size).toList();
        return new Report(party, p, "CNY", page, size == 0 ? sorted.size() : size, sorted.size(), shown, totals);
    }

    /**
     * The documents of a period's rows of a party type: all {@link Rollups#BUCKETS} of them, or, given {@code only}
     * a party, the one its row lives in.
     */
    private static List<String> buckets(String p, String type, String only) {
        return only == null ? Rollups.buckets(p, type) : List.of(Rollups.bucket(p, type, only));
    }

    /** The period's sums per party of the type, from its documents (read by id; {@code only}: see {@link #buckets}). */
    private Map<String, long[]> rollups(String p, String type, String only) {
        Map<String, long[]> out = new HashMap<>();
        for (RollupDoc d : mongo.find(query(where("_id").in(buckets(p, type, only))), RollupDoc.class)) {
            for (RollupRowDoc r : d.rows()) {
                long[] c = new long[Rollups.WIDTH];
                for (int i = 0; i < c.length; i++) {
                    c[i] = r.counters().get(i);
                }
                if (!Rollups.isZero(c)) {
                    out.put(r.party(), c);
                }
            }
        }
        return out;
    }

    /**
     * Per party, the part of its commission of period {@code p} on statements — of closes of {@code p} or later —
     * and of that the part on statements paid in full.
     */
    private Map<String, long[]> statementParts(String p, String type, String only) {
        List<String> closes = mongo.find(query(where("_id").gte(p)), PeriodCloseDoc.class).stream()
                .map(PeriodCloseDoc::period).toList();
        Map<String, long[]> out = new HashMap<>();
        if (closes.isEmpty()) {
            return out;
        }
        List<String> ids = closes.stream().flatMap(c -> buckets(c, type, only).stream()).toList();
        Set<String> paid = new HashSet<>();
        mongo.find(query(where("_id").in(ids)), PaidStatementsDoc.class).forEach(d -> paid.addAll(d.statementIds()));
        for (StatementRollupDoc d : mongo.find(query(where("_id").in(ids)), StatementRollupDoc.class)) {
            for (StatementPartDoc part : d.parts()) {
                if (part.period().equals(p)) {
                    long[] s = out.computeIfAbsent(part.party(), k -> new long[2]);
                    s[0] = Math.addExact(s[0], part.amount());
                    if (paid.contains(part.statementId())) {
                        s[1] = Math.addExact(s[1], part.amount());
                    }
                }
            }
        }
        return out;
    }

    /**
     * The report rows' documents as the decision stream sums them, each whole, so writing one twice changes nothing
     * (a write from a task owner that has lost the task can still replace a newer document until the bucket changes
     * again: ADR 0007).
     */
    public void writeRollups(Map<String, Map<String, long[]>> documents) {
        // written as BSON straight from the records (RecordBson): through the mapping layer a large chain's rows took
        // most of the rows stream's time, for documents of two plain fields (docs/performance.md)
        Instant now = Instant.now();
        List<ReplaceOneModel<RawBsonDocument>> writes = new ArrayList<>();
        documents.forEach((id, parties) -> {
            List<RollupRowDoc> rows = new ArrayList<>(parties.size());
            parties.forEach((party, c) -> rows.add(new RollupRowDoc(party, LongStream.of(c).boxed().toList())));
            writes.add(RecordBson.upsert(new RollupDoc(id, rows, now)));
        });
        if (!writes.isEmpty()) {
            RecordBson.collection(mongo, RollupDoc.class).bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * The part of the network a report of the party names and filters by, for the parties of its rows ({@code ids}):
     * the dealers for every report, their stores for the store and staff reports, the staff members for the staff
     * report; from this instance's memory of store-distribution's facts ({@link ReferenceViews#knownStores}).
     */
    private Network network(Reporting.Party party, Set<String> ids) {
        Map<String, StaffDoc> staff = party == Reporting.Party.STAFF ? reference.knownStaff(ids) : Map.of();
        Set<String> storeIds = switch (party) {
            case STORE -> ids;
            case STAFF -> ids.stream().map(staff::get).filter(Objects::nonNull).map(StaffDoc::storeId)
                    .filter(Objects::nonNull).collect(Collectors.toSet());
            case DEALER -> Set.of();
        };
        Map<String, StoreDoc> stores = party == Reporting.Party.DEALER ? Map.of() : reference.knownStores(storeIds);
        Set<String> dealerIds = party == Reporting.Party.DEALER ? ids : storeIds.stream().map(stores::get)
                .filter(Objects::nonNull).map(StoreDoc::dealerId).filter(Objects::nonNull).collect(Collectors.toSet());
        return new Network(stores, reference.knownDealers(dealerIds), staff);
    }

    private record Network(Map<String, StoreDoc> stores, Map<String, DealerDoc> dealers, Map<String, StaffDoc> staff) {

        ReportRow emptyRow(Reporting.Party party, String id) {
            return switch (party) {
                case STORE -> {
                    StoreDoc s = stores.get(id);
                    yield ReportRow.empty(id, s == null ? id : s.code(), s == null ? "" : s.name(), null,
                            s == null ? "" : dealerCode(s.dealerId()));
                }
                case DEALER -> {
                    DealerDoc d = dealers.get(id);
                    yield ReportRow.empty(id, d == null ? id : d.code(), d == null ? "" : d.name(), null, null);
                }
                case STAFF -> {
                    StaffDoc st = staff.get(id);
                    StoreDoc s = st == null ? null : stores.get(st.storeId());
                    yield ReportRow.empty(id, id, st == null ? "" : st.name(), s == null ? "" : s.code(),
                            s == null ? "" : dealerCode(s.dealerId()));
                }
            };
        }

        private String dealerCode(String dealerId) {
            DealerDoc d = dealerId == null ? null : dealers.get(dealerId);
            return d == null ? "" : d.code();
        }

        /** Which rows a filter keeps, by the network as it stands now. */
        Predicate<String> filter(Reporting.Party party, String dealerId, String storeId, String staffId) {
            return id -> switch (party) {
                case STORE -> (storeId == null || storeId.equals(id))
                        && (dealerId == null || stores.containsKey(id) && dealerId.equals(stores.get(id).dealerId()));
                case DEALER -> dealerId == null || dealerId.equals(id);
                case STAFF -> {
                    if (staffId != null && !staffId.equals(id)) {
                        yield false;
                    }
                    StaffDoc st = staff.get(id);
                    String store = st == null ? null : st.storeId();
                    yield (storeId == null || storeId.equals(store)) && (dealerId == null
                            || store != null && stores.containsKey(store) && dealerId.equals(stores.get(store).dealerId()));
                }
            };
        }
    }
}
