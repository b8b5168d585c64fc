package io.storecast.attribution.web;

import io.storecast.attribution.application.StoreReports;
import io.storecast.attribution.domain.StoreReportRow;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV for finance: UTF-8 with BOM, the columns of PRODUCT.md, amounts in yuan with two decimals (exact:
 * converted from integer fen), a totals row last. Text cells that a spreadsheet would run as a formula
 * are prefixed with an apostrophe.
 */
final class StoreReportCsv {

    static final String HEADER = "store code,store name,dealer code,attributed orders,gross sales,refunds,net sales,"
            + "commission accrued,commission reversed,commission net,pending,settleable,on statement,paid";

    private StoreReportCsv() {
    }

    static byte[] write(StoreReports.Report report) {
        StringBuilder sb = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
        for (StoreReportRow r : report.rows()) {
            line(sb, r);
        }
        line(sb, report.totals());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, StoreReportRow r) {
        List<String> cells = List.of(text(r.storeCode()), text(r.storeName()), text(r.dealerCode()),
                Long.toString(r.attributedOrders()), yuan(r.grossSales()), yuan(r.refunds()), yuan(r.netSales()),
                yuan(r.commissionAccrued()), yuan(r.commissionReversed()), yuan(r.commissionNet()), yuan(r.pending()),
                yuan(r.settleable()), yuan(r.onStatement()), yuan(r.paid()));
        sb.append(String.join(",", cells)).append("\r\n");
    }

    static String yuan(long fen) {
        return BigDecimal.valueOf(fen).movePointLeft(2).setScale(2).toPlainString();
    }

    static String text(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
