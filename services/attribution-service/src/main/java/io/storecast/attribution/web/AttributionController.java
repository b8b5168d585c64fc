package io.storecast.attribution.web;

import io.storecast.attribution.application.Attributions;
import io.storecast.attribution.application.ReferenceViews;
import io.storecast.attribution.domain.LinkOwner;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
public class AttributionController {

    private final Attributions attributions;
    private final ReferenceViews reference;

    public AttributionController(Attributions attributions, ReferenceViews reference) {
        this.attributions = attributions;
        this.reference = reference;
    }

    /** The decision for an order with its evidence: the winning touch and every candidate with why. */
    @GetMapping("/orders/{orderId}/attribution")
    public DecisionView attribution(@PathVariable String orderId) {
        DecisionDoc d = attributions.decision(orderId);
        return new DecisionView(d.orderId(), d.customerId(), d.decisionVersion(), d.policyVersion(), d.model(),
                d.creditedType(), d.storeId(), d.dealerId(), d.staffId(), d.reason(), d.winning(), d.candidates(),
                d.planVersion(), d.placedAt(), d.paidAt(), d.paidAmount(), d.refunds());
    }

    public record DecisionView(String orderId, String customerId, int decisionVersion, int policyVersion, String model,
                               String creditedType, String storeId, String dealerId, String staffId, String reason,
                               Object winningTouch, Object candidates, int planVersion, Instant placedAt,
                               Instant paidAt, long paidAmount, Object refunds) {
    }

    /** The ledger entries of one order, in id order. */
    @GetMapping("/orders/{orderId}/ledger")
    public List<LedgerView> ledger(@PathVariable String orderId) {
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

    /** A customer's touches in time order, each with the store its link resolves to (null if not known yet). */
    @GetMapping("/customers/{customerId}/touches")
    public List<TouchView> touches(@PathVariable String customerId) {
        return attributions.touches(customerId).stream().map(t -> {
            LinkOwner owner = reference.link(t.code()).orElse(null);
            return new TouchView(t.code(), t.kind(), t.at(), owner == null ? null : owner.ownerType().name(),
                    owner == null ? null : owner.storeId());
        }).toList();
    }

    public record TouchView(String code, String kind, Instant at, String ownerType, String storeId) {
    }
}
