package io.storecast.attribution.web;

import io.storecast.attribution.domain.LinkOwner;
import io.storecast.attribution.persistence.AttributionDocuments.AdjustmentDoc;
import io.storecast.attribution.persistence.AttributionDocuments.CandidateDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a store may see of an order's attribution: every touch considered, in time order, with whether it came
 * through one of the store's own links (store or staff links; only those show their code), and in plain words why
 * the order was or was not the store's. Other promoters stay anonymous.
 */
final class StoreExplanation {

    private StoreExplanation() {
    }

    public record Touch(Instant at, String kind, boolean yours, String code, boolean qualified, String note,
                        boolean winning) {
    }

    public record View(String orderId, String storeId, boolean credited, int decisionVersion, String model,
                       int policyVersion, Instant placedAt, String why, List<Touch> timeline) {
    }

    /**
     * Once HQ has adjusted the decision, its adjustment is why, not the touches: none of them is marked as winning,
     * and the store reads HQ's reason once, without who at HQ made it.
     */
    static View of(String storeId, DecisionDoc d, Function<String, Optional<LinkOwner>> links) {
        boolean credited = "STORE".equals(d.creditedType()) && storeId.equals(d.storeId());
        AdjustmentDoc adjusted = d.adjustments() == null || d.adjustments().isEmpty() ? null
                : d.adjustments().getLast();
        String winningId = d.winning() == null || adjusted != null ? null : d.winning().id();
        List<Touch> timeline = d.candidates().stream().map(c -> touch(c, storeId, winningId, links)).toList();
        String why;
        if (adjusted != null) {
            why = "HQ adjusted the decision (version " + adjusted.version() + "): " + adjusted.reason() + ". "
                    + (credited ? "Credited to your store."
                    : "HQ".equals(d.creditedType()) ? "Not yours: HQ credits it to no promoter."
                    : "Not yours: HQ credited it to another promoter.");
        } else {
            why = credited ? "Credited to your store: " + d.reason() : notYours(d, timeline);
        }
        return new View(d.orderId(), storeId, credited, d.decisionVersion(), d.model(), d.policyVersion(), d.placedAt(),
                why, timeline);
    }

    /**
     * Whether the order is any of the store's business: one of its touches was considered, or it is or was credited
     * with the order (before an adjustment). Another store's order is none of its business, not even that it exists.
     */
    static boolean concerns(String storeId, DecisionDoc d, Function<String, Optional<LinkOwner>> links) {
        if ("STORE".equals(d.creditedType()) && storeId.equals(d.storeId())) {
            return true;
        }
        if (d.adjustments() != null && d.adjustments().stream().anyMatch(a -> a.previous() != null
                && "STORE".equals(a.previous().creditedType()) && storeId.equals(a.previous().storeId()))) {
            return true;
        }
        return d.candidates().stream().anyMatch(c -> touch(c, storeId, null, links).yours());
    }

    private static Touch touch(CandidateDoc c, String storeId, String winningId,
                               Function<String, Optional<LinkOwner>> links) {
        boolean yours = links.apply(c.touch().code()).filter(o -> o.ownerType() != LinkOwner.OwnerType.DEALER
                && storeId.equals(o.storeId())).isPresent();
        return new Touch(c.touch().at(), c.touch().kind(), yours, yours ? c.touch().code() : null, c.qualified(),
                c.note(), c.touch().id().equals(winningId));
    }

    private static String notYours(DecisionDoc d, List<Touch> timeline) {
        List<Touch> mine = timeline.stream().filter(Touch::yours).toList();
        if (mine.isEmpty()) {
            return "Not yours: no touch through your store's links was recorded before the order.";
        }
        if (mine.stream().noneMatch(Touch::qualified)) {
            return "Not yours: your touches did not qualify (" + String.join("; ", mine.stream().map(Touch::note)
                    .distinct().toList()) + ").";
        }
        if (d.reason().startsWith("self-purchase")) {
            return "Not yours: the winning touch was a staff member's own purchase through their link, which the "
                    + "policy does not credit.";
        }
        Instant won = d.winning() == null ? null : d.winning().at();
        return switch (d.model()) {
            case "FIRST_TOUCH" -> "Not yours: another promoter's touch at " + won
                    + " came before yours (the earliest qualifying touch wins).";
            case "BINDING" -> d.reason().startsWith("bound")
                    ? "Not yours: the customer was bound to another promoter since " + won
                    + " (a binding credits its promoter whatever link the order came through)."
                    : "Not yours: another promoter's touch at " + won + " came after yours (no binding was in force, "
                    + "so the latest qualifying touch wins).";
            default -> "Not yours: another promoter's touch at " + won
                    + " came after yours (the latest qualifying touch wins).";
        };
    }
}
