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
    public static final String QUALIFIES = "qualifies";

    /**
     * Time, then arrival: the order touches are considered in (equal times by arrival). Touches equal in both keep
     * the order they are given in, the order the customer's books recorded them (a stable sort): never their ids,
     * which are random or name the touch's kind.
     */
    public static final Comparator<Touch> TIME_ORDER = Comparator.comparing(Touch::at).thenComparing(Touch::arrivedAt);

    private AttributionRules() {
    }

    /**
     * @param touches      every touch recorded for the customer so far, in the order recorded
     * @param links        resolves a code to its owner
     * @param shopperOf    a staff id's own shopper customer id, if known
     * @param dealerOf     a store's dealer, if it has one now (not the one its link was issued under)
     */
    public static Decision decide(Policy policy, String customerId, Instant placedAt, List<Touch> touches,
                                  Function<String, Optional<LinkOwner>> links, Function<String, Optional<String>> shopperOf,
                                  Function<String, Optional<String>> dealerOf) {
        Instant from = placedAt.minus(Duration.ofHours(policy.lookbackHours()));
        List<Touch> ordered = touches.stream().sorted(TIME_ORDER).toList();
        List<Decision.Candidate> candidates = new ArrayList<>();
        List<Touch> qualifying = new ArrayList<>();
        for (Touch t : ordered) {
            String note;
            if (t.at().isAfter(placedAt)) {
                note = "after the order was placed";
            } else if (links.apply(t.code()).isEmpty()) {
                note = UNKNOWN_CODE;
            } else if (t.at().isBefore(from)) {
                note = "older than the " + policy.lookbackHours() + "h lookback";
            } else {
                note = QUALIFIES;
                qualifying.add(t);
            }
            candidates.add(new Decision.Candidate(t, QUALIFIES.equals(note), note));
        }
        String fallback = "";
        if (policy.model() == Policy.Model.BINDING) {
            Optional<Binding> binding = Binding.inForceAt(placedAt, ordered, policy, links);
            if (binding.isPresent()) {
                Binding b = binding.get();
                String until = b.lapsesAt(policy).map(l -> ", lapses " + l).orElse(", never lapses");
                return credit(b.owner(), b.touch(), candidates, customerId, policy, shopperOf, dealerOf,
                        "bound since " + b.madeAt() + " by " + b.owner().ownerType().name().toLowerCase() + " link "
                                + b.touch().code() + until);
            }
            fallback = "no binding in force: ";
        }
        if (qualifying.isEmpty()) {
            return Decision.hq(candidates, fallback + "no qualifying touch: credited to HQ");
        }
        boolean first = policy.model() == Policy.Model.FIRST_TOUCH;
        Touch winner = first ? qualifying.getFirst() : qualifying.getLast();
        LinkOwner owner = links.apply(winner.code()).orElseThrow();
        return credit(owner, winner, candidates, customerId, policy, shopperOf, dealerOf,
                fallback + (first ? "earliest" : "latest") + " qualifying touch: "
                        + owner.ownerType().name().toLowerCase() + " link " + winner.code());
    }

    /** Credits the winning touch's owner, unless it is the customer's own staff link and the policy denies that. */
    private static Decision credit(LinkOwner owner, Touch winner, List<Decision.Candidate> candidates, String customerId,
                                   Policy policy, Function<String, Optional<String>> shopperOf,
                                   Function<String, Optional<String>> dealerOf, String reason) {
        if (owner.ownerType() == LinkOwner.OwnerType.STAFF && policy.selfPurchase() == Policy.SelfPurchase.DENY
                && shopperOf.apply(owner.ownerId()).filter(customerId::equals).isPresent()) {
            return new Decision(Decision.Credited.HQ, null, null, null, null, winner, candidates,
                    "self-purchase by the link's own staff member: unattributed (policy DENY); " + reason);
        }
        if (owner.ownerType() == LinkOwner.OwnerType.DEALER) {
            return new Decision(Decision.Credited.DEALER, null, owner.ownerId(), null, owner.ownerType().name(), winner,
                    candidates, reason);
        }
        String dealer = dealerOf.apply(owner.storeId()).orElse(null);
        String staff = owner.ownerType() == LinkOwner.OwnerType.STAFF ? owner.ownerId() : null;
        return new Decision(Decision.Credited.STORE, owner.storeId(), dealer, staff, owner.ownerType().name(), winner,
                candidates, reason);
    }
}
