package io.storecast.attribution.web;

import io.storecast.attribution.application.Access;
import io.storecast.attribution.application.Attributions;
import io.storecast.attribution.application.ReferenceViews;
import io.storecast.attribution.domain.LinkOwner;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import io.storecast.attribution.domain.Decision;
import io.storecast.attribution.persistence.AttributionDocuments.AdjustmentDoc;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.platform.security.Caller;
import io.storecast.platform.security.Caller.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
public class AttributionController {

    private final Attributions attributions;
    private final ReferenceViews reference;
    private final Access access;

    public AttributionController(Attributions attributions, ReferenceViews reference, Access access) {
        this.attributions = attributions;
        this.reference = reference;
        this.access = access;
    }

    /**
     * HQ and finance: the decision for an order with its evidence, the winning touch and every candidate with why
     * (a store reads its own view, {@link #forStore}).
     */
    @GetMapping("/orders/{orderId}/attribution")
    public DecisionView attribution(@AuthenticationPrincipal Caller caller, @PathVariable String orderId) {
        access.require(caller, Role.HQ, Role.FINANCE);
        return DecisionView.of(attributions.decision(orderId));
    }

    /**
     * {@code fulfilmentAssignee}: who ships the order, {@code STORE} (the store {@code fulfilmentStoreId}) or
     * {@code HQ_WAREHOUSE}, null until it is assigned; {@code adjustments}: HQ's overrides, oldest first, each with
     * who, why and the decision it replaced.
     */
    public record DecisionView(String orderId, String customerId, int decisionVersion, int policyVersion, String model,
                               String creditedType, String storeId, String dealerId, String staffId, String reason,
                               Object winningTouch, Object candidates, int planVersion, Instant placedAt,
                               Instant paidAt, long paidAmount, Object refunds, String fulfilmentAssignee,
                               String fulfilmentStoreId, List<AdjustmentView> adjustments) {
        static DecisionView of(DecisionDoc d) {
            return new DecisionView(d.orderId(), d.customerId(), d.decisionVersion(), d.policyVersion(), d.model(),
                    d.creditedType(), d.storeId(), d.dealerId(), d.staffId(), d.reason(), d.winning(), d.candidates(),
                    d.planVersion(), d.placedAt(), d.paidAt(), d.paidAmount(), d.refunds(), d.fulfilmentAssignee(),
                    d.fulfilmentStoreId(),
                    d.adjustments() == null ? List.of() : d.adjustments().stream().map(AdjustmentView::of).toList());
        }
    }

    public record AdjustmentView(String adjustmentId, int version, String adjustedBy, String reason,
                                 Instant adjustedAt, Object previous, List<String> entries) {
        static AdjustmentView of(AdjustmentDoc a) {
            return new AdjustmentView(a.adjustmentId(), a.version(), a.adjustedBy(), a.reason(), a.adjustedAt(),
                    a.previous(), a.entries().stream().map(LedgerDoc::id).toList());
        }
    }

    public record Adjust(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]*",
                    message = "may contain only letters, digits, '.', '_', ':' and '-'") String adjustmentId,
            @NotNull @Min(1) Integer basedOnVersion,
            @NotNull Decision.Credited creditedType,
            @Size(max = 100) String storeId,
            @Size(max = 100) String staffId,
            @Size(max = 100) String dealerId,
            @NotBlank @Size(max = 1000) String reason) {
    }

    /**
     * HQ overrides the decision: a new version with who (the person the token names) and why, its commission moved by
     * adjustment entries. The same adjustment id again answers the same decision.
     */
    @PostMapping("/orders/{orderId}/attribution/adjustments")
    public DecisionView adjust(@AuthenticationPrincipal Caller caller, @PathVariable String orderId,
                               @Valid @RequestBody Adjust a) {
        access.require(caller, Role.HQ);
        return DecisionView.of(attributions.adjust(orderId, a.adjustmentId(), a.basedOnVersion(),
                new Attributions.Credit(a.creditedType(), blank(a.storeId()), blank(a.staffId()), blank(a.dealerId())),
                caller.name(), a.reason().trim()));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * For a store: the order's touch timeline and why it was or was not the store's. Touches through other
     * promoters' links show only their time, kind and whether they qualified — never whose they were. For the store,
     * its dealer, its staff, HQ and finance; 404 for an order that is none of the store's business (no touch of its
     * own considered, never credited to it).
     */
    @GetMapping("/stores/{storeId}/orders/{orderId}/attribution")
    public StoreExplanation.View forStore(@AuthenticationPrincipal Caller caller, @PathVariable String storeId,
                                          @PathVariable String orderId) {
        access.requireStoreWork(caller, storeId, "storeId");
        DecisionDoc d = attributions.decision(orderId);
        if (!StoreExplanation.concerns(storeId, d, reference::link)) {
            throw new NotFoundException("order of store " + storeId, orderId);
        }
        return StoreExplanation.of(storeId, d, reference::link);
    }

    /** HQ and finance: the ledger entries of one order, in id order. */
    @GetMapping("/orders/{orderId}/ledger")
    public List<LedgerView> ledger(@AuthenticationPrincipal Caller caller, @PathVariable String orderId) {
        access.require(caller, Role.HQ, Role.FINANCE);
        return attributions.ledgerOfOrder(orderId).stream().map(LedgerView::of).toList();
    }

    public record LedgerView(String id, String orderId, int lineNo, String role, String beneficiaryType,
                             String beneficiaryId, String storeId, String dealerId, String kind, long amount,
                             String currency, Instant eventTime, String period, int planVersion, String status) {
        static LedgerView of(LedgerDoc e) {
            return new LedgerView(e.id(), e.orderId(), e.lineNo(), e.role(), e.beneficiaryType(), e.beneficiaryId(),
                    e.storeId(), e.dealerId(), e.kind(), e.amount(), e.currency(), e.eventTime(), e.period(),
                    e.planVersion(), e.status());
        }
    }

    /**
     * HQ and finance: a customer's touches in time order, each with the store its link resolves to (null if not known
     * yet).
     */
    @GetMapping("/customers/{customerId}/touches")
    public List<TouchView> touches(@AuthenticationPrincipal Caller caller, @PathVariable String customerId) {
        access.require(caller, Role.HQ, Role.FINANCE);
        return attributions.touches(customerId).stream().map(t -> {
            LinkOwner owner = reference.link(t.code()).orElse(null);
            return new TouchView(t.code(), t.kind(), t.at(), owner == null ? null : owner.ownerType().name(),
                    owner == null ? null : owner.storeId());
        }).toList();
    }

    public record TouchView(String code, String kind, Instant at, String ownerType, String storeId) {
    }
}
