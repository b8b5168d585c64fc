package io.storecast.attribution.application;

import io.storecast.attribution.domain.StoreReportRow;
import io.storecast.attribution.persistence.AttributionDocuments.DealerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RefundDoc;
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
import java.util.TreeMap;

/** The per-store commission report for a period; every figure comes from decisions and the ledger. */
@Service
public class StoreReports {

    public record Report(String period, String currency, List<StoreReportRow> rows, StoreReportRow totals) {
    }

    /** The three ledger fields the report reads. */
    record LedgerAmount(String beneficiaryId, long amount, String status) {
    }

    private final MongoTemplate mongo;
    private final ReferenceViews reference;

    public StoreReports(MongoTemplate mongo, ReferenceViews reference) {
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

    public Report forPeriod(String period) {
        String p = validPeriod(period);
        Map<String, StoreReportRow> rows = new TreeMap<>();
        List<DecisionDoc> sales = mongo.find(Query.query(Criteria.where("creditedType").is("STORE")
                .orOperator(Criteria.where("paidPeriod").is(p), Criteria.where("refunds.period").is(p))), DecisionDoc.class);
        for (DecisionDoc d : sales) {
            StoreReportRow row = rows.computeIfAbsent(d.storeId(), this::emptyRow);
            if (p.equals(d.paidPeriod())) {
                row = row.withPaidOrder(d.paidAmount());
            }
            for (RefundDoc r : d.refunds()) {
                if (p.equals(r.period())) {
                    row = row.withRefund(r.amount());
                }
            }
            rows.put(d.storeId(), row);
        }
        Query ledger = Query.query(Criteria.where("period").is(p).and("beneficiaryType").is("STORE"));
        ledger.fields().include("beneficiaryId", "amount", "status");
        for (LedgerAmount e : mongo.find(ledger, LedgerAmount.class, "ledger")) {
            rows.put(e.beneficiaryId(), rows.computeIfAbsent(e.beneficiaryId(), this::emptyRow)
                    .withEntry(e.amount(), e.status()));
        }
        List<StoreReportRow> sorted = rows.values().stream()
                .sorted(Comparator.comparing(StoreReportRow::storeCode).thenComparing(StoreReportRow::storeId)).toList();
        StoreReportRow totals = sorted.stream().reduce(StoreReportRow.empty(null, "TOTAL", "", ""), StoreReportRow::plus);
        return new Report(p, "CNY", sorted, totals);
    }

    private StoreReportRow emptyRow(String storeId) {
        StoreDoc s = reference.store(storeId).orElse(null);
        String dealerCode = s == null ? "" : reference.dealer(s.dealerId()).map(DealerDoc::code).orElse("");
        return StoreReportRow.empty(storeId, s == null ? storeId : s.code(), s == null ? "" : s.name(), dealerCode);
    }
}
