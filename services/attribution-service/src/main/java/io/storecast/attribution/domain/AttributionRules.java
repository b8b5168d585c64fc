package io.storecast.attribution.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Decides, once at payment, which promoter an order is credited to (PRODUCT.md, Touches and attribution). */
public final class AttributionRules {

    /** The candidate note of a touch whose code this service does not know. */
    public static final String UNKNOWN_CODE = "unknown link code";

    private AttributionRules() {
    }

    /**
     * @param touches      every touch recorded for the customer so far
     * @param links        resolves a code to its owner
     * @param shopperOf    a staff id's own shopper customer id, if known
     * @param dealerOf     a store's dealer, if it has one
     */
    public static Decision decide(Policy policy, String customerId, Instant placedAt, List<Touch> touches,
                                  Function<String, Optional<LinkOwner>> links, Function<String, Optional<String>> shopperOf,
                                  Function<String, Optional<String>> dealerOf) {
        Instant from = placedAt.minus(Duration.ofHours(policy.lookbackHours()));
        List<Decision.Candidate> candidates = new ArrayList<>();
        List<Touch> qualifying = new ArrayList<>();
        List<Touch> ordered = touches.stream()
                .sorted(Comparator.comparing(Touch::at).thenComparing(Touch::arrivedAt).thenComparing(Touch::id))
                .toList();
        for (Touch t : ordered) {
            String note;
            if (t.at().isAfter(placedAt)) {
                note = "after the order was placed";
            } else if (t.at().isBefore(from)) {
                note = "older than the " + policy.lookbackHours() + "h lookback";
            } else if (links.apply(t.code()).isEmpty()) {
                note = UNKNOWN_CODE;
            } else {
                note = "qualifies";
                qualifying.add(t);
            }
            candidates.add(new Decision.Candidate(t, "qualifies".equals(note), note));
        }
        if (qualifying.isEmpty()) {
            return Decision.hq(candidates, "no qualifying touch: credited to HQ");
        }
        Touch winner = policy.model() == Policy.Model.FIRST_TOUCH ? qualifying.getFirst() : qualifying.getLast();
        LinkOwner owner = links.apply(winner.code()).orElseThrow();
        if (owner.ownerType() == LinkOwner.OwnerType.STAFF && policy.selfPurchase() == Policy.SelfPurchase.DENY
                && shopperOf.apply(owner.ownerId()).filter(customerId::equals).isPresent()) {
            return new Decision(Decision.Credited.HQ, null, null, null, null, winner, candidates,
                    "self-purchase by the link's own staff member: unattributed (policy DENY)");
        }
        String model = policy.model() == Policy.Model.FIRST_TOUCH ? "earliest" : "latest";
        if (owner.ownerType() == LinkOwner.OwnerType.DEALER) {
            return new Decision(Decision.Credited.DEALER, null, owner.ownerId(), null, owner.ownerType().name(),
                    winner, candidates, model + " qualifying touch: dealer link " + winner.code());
        }
        String dealer = dealerOf.apply(owner.storeId()).orElse(owner.dealerId());
        String staff = owner.ownerType() == LinkOwner.OwnerType.STAFF ? owner.ownerId() : null;
        return new Decision(Decision.Credited.STORE, owner.storeId(), dealer, staff, owner.ownerType().name(), winner,
                candidates, model + " qualifying touch: " + owner.ownerType().name().toLowerCase() + " link "
                + winner.code());
    }
}
