package io.storecast.attribution.application;

import io.storecast.attribution.domain.Decision;
import io.storecast.attribution.domain.ReportRow;
import io.storecast.attribution.domain.Reporting;
import io.storecast.attribution.persistence.AttributionDocuments.DealerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StaffDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StoreDoc;
import io.storecast.platform.problems.InvalidFieldException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.YearMonth;
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
        Query sales = Query.query(new Criteria().orOperator(Criteria.where("paidPeriod").is(p),
                Criteria.where("refunds.period").is(p)));
        List<Reporting.Sale> sold = mongo.find(sales, DecisionDoc.class).stream().map(d -> new Reporting.Sale(
                Decision.Credited.valueOf(d.creditedType()), d.storeId(), d.dealerId(), d.staffId(), d.paidPeriod(),
                d.paidAmount(), d.refunds().stream().map(r -> new Reporting.Refund(r.period(), r.amount())).toList()))
                .toList();
        Query ledger = Query.query(Criteria.where("period").is(p).and("beneficiaryType").is(party.name()));
        ledger.fields().include("beneficiaryType", "beneficiaryId", "period", "amount", "status");
        List<Reporting.Entry> entries = mongo.find(ledger, Reporting.Entry.class, "ledger");
        Map<String, ReportRow> rows = Reporting.rows(party, p, sold, entries, id -> net.emptyRow(party, id));
        Predicate<String> keep = net.filter(party, dealerId, storeId);
        List<ReportRow> sorted = rows.values().stream().filter(r -> keep.test(r.id()))
                .sorted(Comparator.comparing(ReportRow::code).thenComparing(ReportRow::id)).toList();
        ReportRow totals = Reporting.totals(sorted);
        List<ReportRow> shown = size == 0 ? sorted
                : sorted.stream().skip((long) page * size).limit(size).toList();
        return new Report(party, p, "CNY", page, size == 0 ? sorted.size() : size, sorted.size(), shown, totals);
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
