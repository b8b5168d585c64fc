package io.storecast.attribution.application;

import io.storecast.attribution.domain.ReportRow;
import io.storecast.attribution.domain.Reporting;
import io.storecast.attribution.persistence.AttributionDocuments.DealerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StaffDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StoreDoc;
import io.storecast.platform.problems.InvalidFieldException;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.YearMonth;
import java.util.ArrayList;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The finance reports for a period, per store, per dealer or per staff member (PRODUCT.md, Finance reports). Every
 * figure comes from the decisions (sales) and the ledger (commission); the totals row is the sum of every row the
 * filter keeps — all pages — and so equals the sum of the ledger entries the report covers.
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

    public Reports(MongoTemplate mongo) {
        this.mongo = mongo;
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
     * @param size     rows per page; {@code 0} answers every row (the file formats)
     */
    public Report report(Reporting.Party party, String period, String dealerId, String storeId, int page, int size) {
        String p = validPeriod(period);
        if (party == Reporting.Party.DEALER && storeId != null) {
            throw new InvalidFieldException("storeId", "the dealer report filters by dealerId, not by store", 400);
        }
        Network net = network();
        Map<String, ReportRow> rows = Reporting.rows(party, p, salesTotals(party, p), entries(party, p),
                id -> net.emptyRow(party, id));
        Predicate<String> keep = net.filter(party, dealerId, storeId);
        List<ReportRow> sorted = rows.values().stream().filter(r -> keep.test(r.id()))
                .sorted(Comparator.comparing(ReportRow::code).thenComparing(ReportRow::id)).toList();
        ReportRow totals = Reporting.totals(sorted);
        List<ReportRow> shown = size == 0 ? sorted
                : sorted.stream().skip((long) page * size).limit(size).toList();
        return new Report(party, p, "CNY", page, size == 0 ? sorted.size() : size, sorted.size(), shown, totals);
    }

    /**
     * The sales per party, summed by the store (a grouping, so a month of a million orders comes back as one row per
     * party, not as a million documents): orders paid in the period with their amount, and refunds made in it.
     */
    private List<Reporting.SalesTotal> salesTotals(Reporting.Party party, String p) {
        String field = switch (party) {
            case STORE -> "storeId";
            case DEALER -> "dealerId";
            case STAFF -> "staffId";
        };
        Document paidMatch = new Document("paidPeriod", p).append(field, new Document("$ne", null));
        if (party == Reporting.Party.STORE) {
            paidMatch.append("creditedType", "STORE");
        }
        Map<String, long[]> sums = new java.util.LinkedHashMap<>();
        for (Document g : mongo.getCollection("decisions").aggregate(List.of(new Document("$match", paidMatch),
                new Document("$group", new Document("_id", "$" + field).append("orders", new Document("$sum", 1))
                        .append("gross", new Document("$sum", "$paidAmount")))))) {
            long[] t = sums.computeIfAbsent(g.getString("_id"), k -> new long[3]);
            t[0] += number(g, "orders");
            t[1] += number(g, "gross");
        }
        Document refundMatch = new Document("refunds.period", p).append(field, new Document("$ne", null));
        if (party == Reporting.Party.STORE) {
            refundMatch.append("creditedType", "STORE");
        }
        for (Document g : mongo.getCollection("decisions").aggregate(List.of(new Document("$match", refundMatch),
                new Document("$unwind", "$refunds"), new Document("$match", new Document("refunds.period", p)),
                new Document("$group", new Document("_id", "$" + field)
                        .append("refunds", new Document("$sum", "$refunds.amount")))))) {
            sums.computeIfAbsent(g.getString("_id"), k -> new long[3])[2] += number(g, "refunds");
        }
        return sums.entrySet().stream().map(e -> new Reporting.SalesTotal(e.getKey(), e.getValue()[0],
                e.getValue()[1], e.getValue()[2])).toList();
    }

    /**
     * The ledger entries of the period whose beneficiary is of the party's type, summed by the store per
     * beneficiary, settlement state and sign (accrued and reversed stay apart).
     */
    private List<Reporting.Entry> entries(Reporting.Party party, String p) {
        List<Reporting.Entry> out = new ArrayList<>();
        for (Document g : mongo.getCollection("ledger").aggregate(List.of(
                new Document("$match", new Document("period", p).append("beneficiaryType", party.name())),
                new Document("$group", new Document("_id", new Document("b", "$beneficiaryId").append("s", "$status"))
                        .append("plus", new Document("$sum", new Document("$cond", List.of(
                                new Document("$gt", List.of("$amount", 0)), "$amount", 0))))
                        .append("minus", new Document("$sum", new Document("$cond", List.of(
                                new Document("$lt", List.of("$amount", 0)), "$amount", 0)))))))) {
            Document id = g.get("_id", Document.class);
            for (String sign : List.of("plus", "minus")) {
                long sum = number(g, sign);
                if (sum != 0) {
                    out.add(new Reporting.Entry(party.name(), id.getString("b"), p, sum, id.getString("s")));
                }
            }
        }
        return out;
    }

    private static long number(Document d, String field) {
        Object v = d.get(field);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** The whole network, read once per report (three reads, not one per row). */
    private Network network() {
        return new Network(
                mongo.findAll(StoreDoc.class).stream().collect(Collectors.toMap(StoreDoc::id, s -> s)),
                mongo.findAll(DealerDoc.class).stream().collect(Collectors.toMap(DealerDoc::id, d -> d)),
                mongo.findAll(StaffDoc.class).stream().collect(Collectors.toMap(StaffDoc::id, s -> s)));
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
        Predicate<String> filter(Reporting.Party party, String dealerId, String storeId) {
            return id -> switch (party) {
                case STORE -> (storeId == null || storeId.equals(id))
                        && (dealerId == null || stores.containsKey(id) && dealerId.equals(stores.get(id).dealerId()));
                case DEALER -> dealerId == null || dealerId.equals(id);
                case STAFF -> {
                    StaffDoc st = staff.get(id);
                    String store = st == null ? null : st.storeId();
                    yield (storeId == null || storeId.equals(store)) && (dealerId == null
                            || store != null && stores.containsKey(store) && dealerId.equals(stores.get(store).dealerId()));
                }
            };
        }
    }
}
