package io.storecast.attribution.web;

import io.storecast.attribution.application.Settlements;
import io.storecast.attribution.persistence.AttributionDocuments.PayoutDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementLineDoc;
import org.springframework.web.util.HtmlUtils;

/** A statement as a self-contained, printable HTML page (A4, no scripts, no external resources). */
final class StatementDocument {

    private StatementDocument() {
    }

    static String html(Settlements.Statement s) {
        var d = s.statement();
        StringBuilder rows = new StringBuilder();
        for (StatementLineDoc l : d.lines()) {
            rows.append("<tr><td>").append(e(l.orderId())).append("</td><td>").append(l.lineNo()).append("</td><td>")
                    .append(e(l.role())).append("</td><td>").append(e(l.kind()))
                    .append(l.carriedForward() ? " (carried forward)" : "").append("</td><td>").append(e(l.entryPeriod()))
                    .append("</td><td class=n>").append(ReportFiles.yuan(l.amount())).append("</td></tr>\n");
        }
        StringBuilder payouts = new StringBuilder();
        for (PayoutDoc p : s.balance().payouts()) {
            payouts.append("<tr><td>").append(e(p.payoutId())).append("</td><td>").append(p.paidAt()).append("</td><td>")
                    .append(e(p.reference() == null ? "" : p.reference())).append("</td><td class=n>")
                    .append(ReportFiles.yuan(p.amount())).append("</td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="zh-CN"><head><meta charset="utf-8">
                <title>Commission statement %s</title>
                <style>
                @page { size: A4; margin: 18mm }
                body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", sans-serif; font-size: 11pt }
                table { border-collapse: collapse; width: 100%%; margin: 8pt 0 }
                th, td { border-bottom: 1px solid #ccc; padding: 3pt 6pt; text-align: left }
                td.n, th.n { text-align: right; font-variant-numeric: tabular-nums }
                .total { font-weight: bold; font-size: 13pt }
                </style></head><body>
                <h1>Commission statement</h1>
                <p>%s %s — %s (%s)<br>Period %s · statement %s · issued %s</p>
                <table><thead><tr><th>order</th><th>line</th><th>role</th><th>kind</th><th>period</th><th class=n>amount (%s)</th></tr></thead>
                <tbody>
                %s</tbody></table>
                <p class=total>Total %s %s · paid %s · outstanding %s</p>
                <h2>Payouts</h2>
                <table><thead><tr><th>payout</th><th>paid at</th><th>reference</th><th class=n>amount</th></tr></thead>
                <tbody>
                %s</tbody></table>
                </body></html>
                """.formatted(e(d.id()), e(d.beneficiaryType()), e(d.beneficiaryCode()), e(d.beneficiaryName()),
                e(d.beneficiaryId()), e(d.period()), e(d.id()), d.issuedAt(), e(d.currency()), rows, e(d.currency()),
                ReportFiles.yuan(d.total()), ReportFiles.yuan(s.balance().paid()),
                ReportFiles.yuan(s.outstanding()), payouts);
    }

    private static String e(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s);
    }
}
