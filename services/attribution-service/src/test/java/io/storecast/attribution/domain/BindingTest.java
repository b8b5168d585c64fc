package io.storecast.attribution.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The edges of {@code BINDING}: protection and lapse to the second, validity 0, dealer links, same target. */
class BindingTest {

    static final Instant DAY0 = Instant.parse("2026-08-01T00:00:00Z");
    static final Map<String, LinkOwner> LINKS = Map.of(
            "A-STORE", new LinkOwner("A-STORE", LinkOwner.OwnerType.STORE, "sA", "sA", null),
            "A-STAFF1", new LinkOwner("A-STAFF1", LinkOwner.OwnerType.STAFF, "stA1", "sA", null),
            "A-STAFF2", new LinkOwner("A-STAFF2", LinkOwner.OwnerType.STAFF, "stA2", "sA", null),
            "B-STORE", new LinkOwner("B-STORE", LinkOwner.OwnerType.STORE, "sB", "sB", null),
            "D-DEALER", new LinkOwner("D-DEALER", LinkOwner.OwnerType.DEALER, "d1", null, "d1"));
    static final Policy POLICY = new Policy(4, Policy.Model.BINDING, 72, 15, 90, Policy.SelfPurchase.DENY);

    static Instant day(long d) {
        return DAY0.plus(Duration.ofDays(d));
    }

    static Touch touch(String id, String code, Instant at) {
        return new Touch(id, "c1", code, TouchKind.JOIN, at, at);
    }

    static Decision decide(Policy p, Instant placedAt, Touch... touches) {
        return AttributionRules.decide(p, "c1", placedAt, List.of(touches), c -> Optional.ofNullable(LINKS.get(c)),
                s -> Optional.empty(), s -> Optional.empty());
    }

    @Test
    void another_store_rebinds_exactly_when_the_protection_has_passed() {
        Touch a = touch("t1", "A-STORE", day(0));
        Touch justBefore = touch("t2", "B-STORE", day(15).minusSeconds(1));
        Touch atEnd = touch("t2", "B-STORE", day(15));
        assertThat(decide(POLICY, day(16), a, justBefore).storeId()).isEqualTo("sA");
        Decision rebound = decide(POLICY, day(16), a, atEnd);
        assertThat(rebound.storeId()).isEqualTo("sB");
        assertThat(rebound.winning()).isEqualTo(atEnd);
        assertThat(rebound.reason()).isEqualTo("bound since 2026-08-16T00:00:00Z by store link B-STORE, lapses "
                + "2026-11-14T00:00:00Z");
    }

    @Test
    void an_order_at_the_lapse_falls_back_to_last_touch() {
        Touch a = touch("t1", "A-STORE", day(0));
        assertThat(decide(POLICY, day(90).minusSeconds(1), a).storeId()).isEqualTo("sA");
        Decision lapsed = decide(POLICY, day(90), a);
        // the touch is 90 days old, outside the 72 h lookback: no fallback touch either
        assertThat(lapsed.creditedType()).isEqualTo(Decision.Credited.HQ);
        assertThat(lapsed.reason()).isEqualTo("no binding in force: no qualifying touch: credited to HQ");
        Touch recentB = touch("t2", "B-STORE", day(90).minusSeconds(3600));
        // B touched an hour before the lapse, long past the protection: it rebound the customer to B
        assertThat(decide(POLICY, day(90), a, recentB).storeId()).isEqualTo("sB");
    }

    @Test
    void validity_zero_never_lapses() {
        Policy forever = new Policy(5, Policy.Model.BINDING, 72, 15, 0, Policy.SelfPurchase.DENY);
        Decision d = decide(forever, day(3650), touch("t1", "A-STORE", day(0)));
        assertThat(d.storeId()).isEqualTo("sA");
        assertThat(d.reason()).endsWith(", never lapses");
    }

    @Test
    void a_touch_after_the_lapse_binds_afresh_and_restarts_the_protection() {
        // A binds on day 0 and lapses on day 90; A again on day 95 binds afresh, so B on day 100 is protected
        // against (day 95 + 15 = day 110); without the fresh binding B would bind to a lapsed customer
        Decision d = decide(POLICY, day(101), touch("t1", "A-STORE", day(0)), touch("t2", "A-STORE", day(95)),
                touch("t3", "B-STORE", day(100)));
        assertThat(d.storeId()).isEqualTo("sA");
        assertThat(d.winning().id()).isEqualTo("t2");
    }

    @Test
    void the_same_store_changes_nothing_even_through_another_staff_member() {
        Decision d = decide(POLICY, day(30), touch("t1", "A-STAFF1", day(0)), touch("t2", "A-STAFF2", day(20)));
        assertThat(d.storeId()).isEqualTo("sA");
        assertThat(d.staffId()).isEqualTo("stA1");
        assertThat(d.winning().id()).isEqualTo("t1");
    }

    @Test
    void a_dealer_link_binds_to_the_dealer_and_the_binding_credits_whatever_ref_the_order_carries() {
        // the order's own CHECKOUT touch through store B comes an hour after the dealer binding: still protected
        Touch dealer = touch("t1", "D-DEALER", day(0));
        Touch checkout = new Touch("t2", "c1", "B-STORE", TouchKind.CHECKOUT, day(0).plusSeconds(3600),
                day(0).plusSeconds(3600));
        Decision d = decide(POLICY, day(0).plusSeconds(3600), dealer, checkout);
        assertThat(d.creditedType()).isEqualTo(Decision.Credited.DEALER);
        assertThat(d.dealerId()).isEqualTo("d1");
        assertThat(d.storeId()).isNull();
    }

    @Test
    void touches_after_the_order_and_unknown_codes_make_no_binding() {
        Decision d = decide(POLICY, day(1), touch("t1", "NO-SUCH", day(0)), touch("t2", "A-STORE", day(1).plusSeconds(1)));
        assertThat(d.creditedType()).isEqualTo(Decision.Credited.HQ);
    }
}
