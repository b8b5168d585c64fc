package io.storecast.attribution.web;

import io.storecast.attribution.application.Access;
import io.storecast.attribution.application.Reports;
import io.storecast.attribution.domain.Reporting;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finance reports per period: {@code stores}, {@code dealers} or {@code staff}; JSON (paged, amounts in fen), CSV and
 * XLSX (every row, amounts in yuan). Filters: {@code dealerId} (its stores, their staff, or itself),
 * {@code storeId} (the store or its staff) and {@code staffId} (one staff member's row). A dealer's, a store's or a
 * staff member's token sees only its own rows ({@link Access}).
 */
@RestController
public class ReportController {

    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final Reports reports;
    private final Access access;

    public ReportController(Reports reports, Access access) {
        this.reports = reports;
        this.access = access;
    }

    @GetMapping("/reports/{party}")
    public Reports.Report json(@AuthenticationPrincipal Caller caller, @PathVariable String party,
                               @RequestParam(required = false) String period,
                               @RequestParam(required = false) String dealerId,
                               @RequestParam(required = false) String storeId,
                               @RequestParam(required = false) String staffId,
                               @RequestParam(defaultValue = "0") @Min(0) int page,
                               @RequestParam(defaultValue = "1000") @Min(1) @Max(10_000) int size) {
        return report(caller, party, period, dealerId, storeId, staffId, page, size);
    }

    @GetMapping("/reports/{party}.csv")
    public ResponseEntity<byte[]> csv(@AuthenticationPrincipal Caller caller, @PathVariable String party,
                                      @RequestParam(required = false) String period,
                                      @RequestParam(required = false) String dealerId,
                                      @RequestParam(required = false) String storeId,
                                      @RequestParam(required = false) String staffId) {
        Reports.Report r = report(caller, party, period, dealerId, storeId, staffId, 0, 0);
        return file(r, new MediaType("text", "csv", StandardCharsets.UTF_8), "csv", ReportFiles.csv(r));
    }

    @GetMapping("/reports/{party}.xlsx")
    public ResponseEntity<byte[]> xlsx(@AuthenticationPrincipal Caller caller, @PathVariable String party,
                                       @RequestParam(required = false) String period,
                                       @RequestParam(required = false) String dealerId,
                                       @RequestParam(required = false) String storeId,
                                       @RequestParam(required = false) String staffId) {
        Reports.Report r = report(caller, party, period, dealerId, storeId, staffId, 0, 0);
        return file(r, XLSX, "xlsx", ReportFiles.xlsx(r));
    }

    /** The report with its filters narrowed to what the caller may see (a store, its own row and its staff's). */
    private Reports.Report report(Caller caller, String path, String period, String dealerId, String storeId,
                                  String staffId, int page, int size) {
        Reporting.Party party = party(path);
        Access.ReportFilter f = access.report(caller, party, dealerId, storeId, staffId);
        return reports.report(party, period, f.dealerId(), f.storeId(), f.staffId(), page, size);
    }

    /**
     * Writes an empty workbook on a thread of its own once the service is up, so finance's first XLSX after a start
     * does not wait for the spreadsheet writer's classes to load (the first took 2.2 s over 10,000 stores, the next
     * 0.5–0.7 s: docs/performance.md).
     */
    @EventListener(ApplicationReadyEvent.class)
    void loadTheSpreadsheetWriter() {
        Thread.ofPlatform().daemon().name("xlsx-warm-up").start(() -> ReportFiles.xlsx(new Reports.Report(
                Reporting.Party.STORE, "2000-01", "CNY", 0, 0, 0, List.of(), Reporting.totals(List.of()))));
    }

    private static ResponseEntity<byte[]> file(Reports.Report r, MediaType type, String ext, byte[] body) {
        String name = r.party().name().toLowerCase() + "-commission-" + r.period() + "." + ext;
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(body);
    }

    private static Reporting.Party party(String path) {
        return switch (path) {
            case "stores" -> Reporting.Party.STORE;
            case "dealers" -> Reporting.Party.DEALER;
            case "staff" -> Reporting.Party.STAFF;
            default -> throw new NotFoundException("report", path + " (there are stores, dealers and staff)");
        };
    }
}
