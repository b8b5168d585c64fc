package io.storecast.attribution.web;

import io.storecast.attribution.application.Reports;
import io.storecast.attribution.domain.Reporting;
import io.storecast.attribution.domain.ReportRow;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A finance report as a file: CSV (UTF-8 with BOM so Excel shows Chinese names; amounts in yuan with two decimals,
 * exact from integer fen; text a spreadsheet would run as a formula is prefixed with an apostrophe) or XLSX (amounts
 * as numbers in yuan formatted to two decimals). The columns of PRODUCT.md, a totals row last.
 */
final class ReportFiles {

    static final List<String> FIGURES = List.of("attributed orders", "gross sales", "refunds", "net sales",
            "commission accrued", "commission reversed", "commission net", "pending", "settleable", "on statement",
            "paid");

    private ReportFiles() {
    }

    static List<String> header(Reporting.Party party) {
        List<String> h = new ArrayList<>(switch (party) {
            case STORE -> List.of("store code", "store name", "dealer code");
            case DEALER -> List.of("dealer code", "dealer name");
            case STAFF -> List.of("staff id", "staff name", "store code", "dealer code");
        });
        h.addAll(FIGURES);
        return h;
    }

    static List<String> texts(Reporting.Party party, ReportRow r) {
        return switch (party) {
            case STORE -> List.of(r.code(), r.name(), r.dealerCode());
            case DEALER -> List.of(r.code(), r.name());
            case STAFF -> List.of(r.code(), r.name(), r.storeCode(), r.dealerCode());
        };
    }

    static long[] amounts(ReportRow r) {
        return new long[]{r.grossSales(), r.refunds(), r.netSales(), r.commissionAccrued(), r.commissionReversed(),
                r.commissionNet(), r.pending(), r.settleable(), r.onStatement(), r.paid()};
    }

    static byte[] csv(Reports.Report report) {
        StringBuilder sb = new StringBuilder("\uFEFF").append(String.join(",", header(report.party()))).append("\r\n");
        for (ReportRow r : report.rows()) {
            csvLine(sb, report.party(), r);
        }
        ReportRow t = report.totals();
        csvLine(sb, report.party(), t);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void csvLine(StringBuilder sb, Reporting.Party party, ReportRow r) {
        List<String> cells = new ArrayList<>();
        List<String> texts = r.id() == null ? totalTexts(party) : texts(party, r);
        texts.forEach(t -> cells.add(text(t)));
        cells.add(Long.toString(r.attributedOrders()));
        for (long a : amounts(r)) {
            cells.add(yuan(a));
        }
        sb.append(String.join(",", cells)).append("\r\n");
    }

    private static List<String> totalTexts(Reporting.Party party) {
        List<String> out = new ArrayList<>();
        out.add("TOTAL");
        for (int i = 1; i < header(party).size() - FIGURES.size(); i++) {
            out.add("");
        }
        return out;
    }

    static byte[] xlsx(Reports.Report report) {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(report.party().name().toLowerCase() + " " + report.period());
            CellStyle bold = wb.createCellStyle();
            Font f = wb.createFont();
            f.setBold(true);
            bold.setFont(f);
            CellStyle money = wb.createCellStyle();
            money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            CellStyle moneyBold = wb.createCellStyle();
            moneyBold.cloneStyleFrom(money);
            moneyBold.setFont(f);
            List<String> header = header(report.party());
            Row h = sheet.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                Cell c = h.createCell(i);
                c.setCellValue(header.get(i));
                c.setCellStyle(bold);
            }
            int n = 1;
            for (ReportRow r : report.rows()) {
                xlsxRow(sheet.createRow(n++), report.party(), r, null, money);
            }
            xlsxRow(sheet.createRow(n), report.party(), report.totals(), bold, moneyBold);
            sheet.createFreezePane(0, 1);
            wb.write(out);
            wb.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void xlsxRow(Row row, Reporting.Party party, ReportRow r, CellStyle textStyle, CellStyle money) {
        List<String> texts = r.id() == null ? totalTexts(party) : texts(party, r);
        int i = 0;
        for (String t : texts) {
            Cell c = row.createCell(i++);
            c.setCellValue(t == null ? "" : t);
            if (textStyle != null) {
                c.setCellStyle(textStyle);
            }
        }
        row.createCell(i++).setCellValue(r.attributedOrders());
        for (long a : amounts(r)) {
            Cell c = row.createCell(i++);
            // a number in yuan; Excel keeps numbers as binary doubles, exact to the fen below 2^53 fen
            c.setCellValue(BigDecimal.valueOf(a).movePointLeft(2).doubleValue());
            c.setCellStyle(money);
        }
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
