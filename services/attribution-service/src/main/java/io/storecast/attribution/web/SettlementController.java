package io.storecast.attribution.web;

import io.storecast.attribution.application.Access;
import io.storecast.attribution.application.Reports;
import io.storecast.attribution.application.Settlements;
import io.storecast.attribution.domain.LedgerEntry;
import io.storecast.attribution.domain.Settlement;
import io.storecast.attribution.persistence.AttributionDocuments.PayoutDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PeriodCloseDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StatementLineDoc;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.security.Caller;
import io.storecast.platform.security.Caller.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Finance: close a period (freezing one statement per beneficiary), read statements — also as a printable
 * document — and record payouts against them. Amounts in fen.
 */
@RestController
public class SettlementController {

    private final Settlements settlements;
    private final Access access;

    public SettlementController(Settlements settlements, Access access) {
        this.settlements = settlements;
        this.access = access;
    }

    public record RecordPayout(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]*",
                    message = "may contain only letters, digits, '.', '_', ':' and '-'") String payoutId,
            @NotNull @Positive Long amount,
            @NotNull Instant paidAt,
            @Size(max = 200) String reference) {
    }

    public record StatementView(String id, String period, String beneficiaryType, String beneficiaryId,
                                String beneficiaryCode, String beneficiaryName, String currency, long total, long paid,
                                long outstanding, String status, List<StatementLineDoc> lines, List<PayoutDoc> payouts,
                                Instant issuedAt) {
        static StatementView of(Settlements.Statement s) {
            var d = s.statement();
            var b = s.balance();
            return new StatementView(d.id(), d.period(), d.beneficiaryType(), d.beneficiaryId(), d.beneficiaryCode(),
                    d.beneficiaryName(), d.currency(), d.total(), b.paid(), s.outstanding(), s.status(), d.lines(),
                    b.payouts(), d.issuedAt());
        }
    }

    /** A statement in a period's list: its figures and how many payouts it has (its lines are on its own page). */
    public record StatementSummary(String id, String beneficiaryType, String beneficiaryId, String beneficiaryCode,
                                   String beneficiaryName, String currency, long total, long paid, long outstanding,
                                   String status, int payouts, Instant issuedAt) {
        static StatementSummary of(Settlements.Statement s) {
            var d = s.statement();
            var b = s.balance();
            return new StatementSummary(d.id(), d.beneficiaryType(), d.beneficiaryId(), d.beneficiaryCode(),
                    d.beneficiaryName(), d.currency(), d.total(), b.paid(), s.outstanding(), s.status(),
                    b.payouts().size(), d.issuedAt());
        }
    }

    /** {@code count} statements in all, {@code statements} the requested page of them. */
    public record StatementList(String period, int page, int size, long count, List<StatementSummary> statements) {
    }

    /**
     * Finance only, recorded as closed by the person the token names. Closing a closed period answers the same close.
     */
    @PostMapping("/settlement/periods/{period}/close")
    public PeriodCloseDoc close(@AuthenticationPrincipal Caller caller, @PathVariable String period) {
        access.require(caller, Role.FINANCE);
        return settlements.close(period, caller.name());
    }

    @GetMapping("/settlement/periods/{period}")
    public PeriodCloseDoc periodClose(@AuthenticationPrincipal Caller caller, @PathVariable String period) {
        access.require(caller, Role.HQ, Role.FINANCE);
        return settlements.periodClose(period);
    }

    /**
     * A period's statements, a page at a time, optionally of one beneficiary type ({@code STORE}, {@code DEALER},
     * {@code STAFF}) or one beneficiary: each with its figures; its lines and payouts are on its own page. A dealer,
     * store or staff member's token lists its own statements, or those of a beneficiary whose money it may see.
     */
    @GetMapping("/statements")
    public StatementList statements(@AuthenticationPrincipal Caller caller,
                                    @RequestParam(required = false) String period,
                                    @RequestParam(required = false) LedgerEntry.BeneficiaryType beneficiaryType,
                                    @RequestParam(required = false) String beneficiaryId,
                                    @RequestParam(defaultValue = "0") @Min(0) int page,
                                    @RequestParam(defaultValue = "1000") @Min(1) @Max(10_000) int size) {
        Access.Beneficiary b = access.statements(caller, beneficiaryType, beneficiaryId);
        Settlements.StatementPage p = settlements.statements(period, b.type() == null ? null : b.type().name(),
                b.id(), page, size);
        return new StatementList(p.period(), p.page(), p.size(), p.count(),
                p.statements().stream().map(StatementSummary::of).toList());
    }

    @GetMapping("/statements/{period}/{type}/{beneficiaryId}")
    public StatementView statement(@AuthenticationPrincipal Caller caller, @PathVariable String period,
                                   @PathVariable LedgerEntry.BeneficiaryType type, @PathVariable String beneficiaryId) {
        access.requireMoney(caller, type, beneficiaryId, "beneficiaryId");
        return StatementView.of(settlements.statement(Settlement.statementId(Reports.validPeriod(period), type, beneficiaryId)));
    }

    /** The statement as a printable HTML document finance can send to the store (print to PDF from a browser). */
    @GetMapping(value = "/statements/{period}/{type}/{beneficiaryId}/document", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> document(@AuthenticationPrincipal Caller caller, @PathVariable String period,
                                           @PathVariable LedgerEntry.BeneficiaryType type,
                                           @PathVariable String beneficiaryId) {
        access.requireMoney(caller, type, beneficiaryId, "beneficiaryId");
        Settlements.Statement s = settlements.statement(Settlement.statementId(Reports.validPeriod(period), type, beneficiaryId));
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .body(StatementDocument.html(s));
    }

    /**
     * Finance only, recorded by the person the token names. 201 with the statement when recorded; 200 when this payout
     * id was recorded before (nothing changes).
     */
    @PostMapping("/statements/{period}/{type}/{beneficiaryId}/payouts")
    public ResponseEntity<StatementView> pay(@AuthenticationPrincipal Caller caller, @PathVariable String period,
                                             @PathVariable LedgerEntry.BeneficiaryType type,
                                             @PathVariable String beneficiaryId, @Valid @RequestBody RecordPayout p) {
        access.require(caller, Role.FINANCE);
        if (p.paidAt().isAfter(Instant.now().plusSeconds(300))) {
            throw new InvalidFieldException("paidAt", "paidAt is in the future", 400);
        }
        Settlements.Recorded r = settlements.pay(Settlement.statementId(Reports.validPeriod(period), type, beneficiaryId), p.payoutId(),
                p.amount(), p.paidAt(), p.reference(), caller.name());
        return ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(StatementView.of(r.statement()));
    }
}
