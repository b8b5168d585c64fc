package io.storecast.attribution.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A customer's binding to a credit target under {@code BINDING} (PRODUCT.md): the target is the link owner's
 * store ({@code STORE}/{@code STAFF} links) or the dealer ({@code DEALER} links), with the staff member for a
 * staff link; {@code touch} is the touch that made it, at {@code madeAt} (its time).
 */
public record Binding(Target target, String staffId, Touch touch, LinkOwner owner, Instant madeAt) {

    public enum TargetType { STORE, DEALER }

    public record Target(TargetType type, String id) {

        public static Target of(LinkOwner o) {
            return o.ownerType() == LinkOwner.OwnerType.DEALER ? new Target(TargetType.DEALER, o.ownerId())
                    : new Target(TargetType.STORE, o.storeId());
        }
    }

    /** When this binding lapses, or empty when {@code validityDays} is 0 (never). */
    public Optional<Instant> lapsesAt(Policy p) {
        return p.validityDays() == 0 ? Optional.empty() : Optional.of(madeAt.plus(Duration.ofDays(p.validityDays())));
    }

    public boolean lapsedBy(Instant at, Policy p) {
        return lapsesAt(p).map(l -> !at.isBefore(l)).orElse(false);
    }

    /**
     * The binding in force at {@code at}: the customer's touches with a known link, in time order (equal times by
     * arrival), up to and including {@code at}, replayed by the rules — the first binds; a different target
     * rebinds once {@code protectionDays} have passed since the binding was made; a touch at or after the lapse
     * binds afresh; the same target changes nothing. Empty when there is none, or it has lapsed by {@code at}.
     *
     * @param ordered the customer's touches sorted by time, then arrival
     */
    public static Optional<Binding> inForceAt(Instant at, List<Touch> ordered, Policy p,
                                              Function<String, Optional<LinkOwner>> links) {
        Binding current = null;
        Duration protection = Duration.ofDays(p.protectionDays());
        for (Touch t : ordered) {
            if (t.at().isAfter(at)) {
                break;
            }
            Optional<LinkOwner> owner = links.apply(t.code());
            if (owner.isEmpty()) {
                continue;
            }
            Target target = Target.of(owner.get());
            boolean fresh = current == null || current.lapsedBy(t.at(), p);
            boolean rebind = !fresh && !target.equals(current.target())
                    && !t.at().isBefore(current.madeAt().plus(protection));
            if (fresh || rebind) {
                current = new Binding(target, owner.get().ownerType() == LinkOwner.OwnerType.STAFF
                        ? owner.get().ownerId() : null, t, owner.get(), t.at());
            }
        }
        return current == null || current.lapsedBy(at, p) ? Optional.empty() : Optional.of(current);
    }
}
