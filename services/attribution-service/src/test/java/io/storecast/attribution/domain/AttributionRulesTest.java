package io.storecast.attribution.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AttributionRulesTest {

    static final Instant PLACED = Instant.parse("2026-11-11T12:00:00Z");
    static final Map<String, LinkOwner> LINKS = Map.of(
            "STOREAAAAAAA", new LinkOwner("STOREAAAAAAA", LinkOwner.OwnerType.STORE, "sA", "sA", null),
            "STOREBBBBBBB", new LinkOwner("STOREBBBBBBB", LinkOwner.OwnerType.STORE, "sB", "sB", "d1"),
            "STAFFBBBBBBB", new LinkOwner("STAFFBBBBBBB", LinkOwner.OwnerType.STAFF, "st1", "sB", "d1"));

    static Touch touch(String id, String code, TouchKind kind, Instant at, Instant arrived) {
        return new Touch(id, "c1", code, kind, at, arrived);
    }

    static Decision decide(Policy p, List<Touch> touches) {
        return AttributionRules.decide(p, "c1", PLACED, touches, c -> Optional.ofNullable(LINKS.get(c)),
                staff -> staff.equals("st1") ? Optional.of("c-staff-own") : Optional.empty(),
                store -> store.equals("sB") ? Optional.of("d1") : Optional.empty());
    }

    @Test
    void last_touch_credits_the_latest_qualifying_touch_and_keeps_every_candidate() {
        // given a join through store A, then a later join through store B, both within 72h
        Touch a = touch("t1", "STOREAAAAAAA", TouchKind.JOIN, PLACED.minusSeconds(7200), PLACED);
        Touch b = touch("t2", "STOREBBBBBBB", TouchKind.JOIN, PLACED.minusSeconds(3600), PLACED);
        // when
        Decision d = decide(Policy.defaults(), List.of(b, a));
        // then store B wins, with its dealer
        assertThat(d.creditedType()).isEqualTo(Decision.Credited.STORE);
        assertThat(d.storeId()).isEqualTo("sB");
        assertThat(d.dealerId()).isEqualTo("d1");
        assertThat(d.staffId()).isNull();
        assertThat(d.winning()).isEqualTo(b);
        assertThat(d.candidates()).extracting(c -> c.touch().id()).containsExactly("t1", "t2");
    }

    @Test
    void first_touch_credits_the_earliest() {
        Touch a = touch("t1", "STOREAAAAAAA", TouchKind.JOIN, PLACED.minusSeconds(7200), PLACED);
        Touch b = touch("t2", "STOREBBBBBBB", TouchKind.JOIN, PLACED.minusSeconds(3600), PLACED);
        Decision d = decide(new Policy(2, Policy.Model.FIRST_TOUCH, 72, 15, 90, Policy.SelfPurchase.DENY), List.of(b, a));
        assertThat(d.storeId()).isEqualTo("sA");
        assertThat(d.dealerId()).isNull();
    }

    @Test
    void touches_equal_in_time_and_arrival_keep_the_order_recorded_not_their_ids() {
        // given a checkout through store A recorded after a join through store B, in the same millisecond (a touch's
        // arrival is its event's time, which is the touch's own)
        Instant at = PLACED.minusSeconds(60);
        Touch join = touch("join:f81d4fae", "STOREBBBBBBB", TouchKind.JOIN, at, at);
        Touch checkout = touch("checkout:o1", "STOREAAAAAAA", TouchKind.CHECKOUT, at, at);
        // then the last recorded wins under LAST_TOUCH and the first under FIRST_TOUCH, whatever their ids' order
        assertThat(decide(Policy.defaults(), List.of(join, checkout)).storeId()).isEqualTo("sA");
        assertThat(decide(Policy.defaults(), List.of(checkout, join)).storeId()).isEqualTo("sB");
        Policy first = new Policy(2, Policy.Model.FIRST_TOUCH, 72, 15, 90, Policy.SelfPurchase.DENY);
        assertThat(decide(first, List.of(join, checkout)).storeId()).isEqualTo("sB");
        assertThat(decide(first, List.of(checkout, join)).storeId()).isEqualTo("sA");
    }

    @Test
    void a_store_without_a_dealer_now_earns_its_old_dealer_nothing() {
        // given store A's link issued while A was under dealer dOld, and A since run by HQ directly (no dealer)
        LinkOwner issuedUnderOld = new LinkOwner("STOREAOLDDLR", LinkOwner.OwnerType.STORE, "sA", "sA", "dOld");
        Touch t = touch("t1", "STOREAOLDDLR", TouchKind.JOIN, PLACED.minusSeconds(60), PLACED.minusSeconds(60));
        // when an order comes through it
        Decision d = AttributionRules.decide(Policy.defaults(), "c1", PLACED, List.of(t),
                c -> Optional.of(issuedUnderOld), staff -> Optional.empty(), store -> Optional.empty());
        // then store A is credited, and no dealer (no override is owed)
        assertThat(d.storeId()).isEqualTo("sA");
        assertThat(d.dealerId()).isNull();
    }

    @Test
    void equal_times_are_ordered_by_arrival() {
        Instant at = PLACED.minusSeconds(60);
        Touch first = touch("t9", "STOREAAAAAAA", TouchKind.JOIN, at, PLACED.minusSeconds(30));
        Touch second = touch("t1", "STOREBBBBBBB", TouchKind.JOIN, at, PLACED.minusSeconds(20));
        assertThat(decide(Policy.defaults(), List.of(second, first)).storeId()).isEqualTo("sB");
        assertThat(decide(new Policy(2, Policy.Model.FIRST_TOUCH, 72, 15, 90, Policy.SelfPurchase.DENY),
                List.of(second, first)).storeId()).isEqualTo("sA");
    }

    @Test
    void touches_outside_the_lookback_or_after_the_order_or_with_unknown_codes_do_not_qualify() {
        Touch old = touch("t1", "STOREAAAAAAA", TouchKind.JOIN, PLACED.minusSeconds(72 * 3600 + 1), PLACED);
        Touch edge = touch("t2", "STOREBBBBBBB", TouchKind.JOIN, PLACED.minusSeconds(72 * 3600), PLACED);
        Touch late = touch("t3", "STOREAAAAAAA", TouchKind.JOIN, PLACED.plusSeconds(1), PLACED);
        Touch unknown = touch("t4", "NOSUCHCODE00", TouchKind.JOIN, PLACED.minusSeconds(5), PLACED);
        Decision d = decide(Policy.defaults(), List.of(old, edge, late, unknown));
        assertThat(d.storeId()).isEqualTo("sB");
        assertThat(d.candidates()).extracting(Decision.Candidate::note).containsExactly(
                "older than the 72h lookback", "qualifies", "unknown link code", "after the order was placed");
    }

    @Test
    void no_qualifying_touch_credits_hq() {
        Decision d = decide(Policy.defaults(), List.of());
        assertThat(d.creditedType()).isEqualTo(Decision.Credited.HQ);
        assertThat(d.storeId()).isNull();
        assertThat(d.reason()).isEqualTo("no qualifying touch: credited to HQ");
    }

    @Test
    void a_staff_link_credits_the_store_and_the_staff_member() {
        Decision d = decide(Policy.defaults(), List.of(touch("t1", "STAFFBBBBBBB", TouchKind.CHECKOUT,
                PLACED, PLACED)));
        assertThat(d.storeId()).isEqualTo("sB");
        assertThat(d.staffId()).isEqualTo("st1");
        assertThat(d.ownerType()).isEqualTo("STAFF");
    }

    @Test
    void self_purchase_is_denied_on_the_winning_touch_without_falling_back() {
        Touch other = touch("t1", "STOREAAAAAAA", TouchKind.JOIN, PLACED.minusSeconds(600), PLACED);
        Touch own = touch("t2", "STAFFBBBBBBB", TouchKind.JOIN, PLACED.minusSeconds(60), PLACED);
        Decision denied = AttributionRules.decide(Policy.defaults(), "c-staff-own", PLACED, List.of(other, own),
                c -> Optional.ofNullable(LINKS.get(c)), s -> Optional.of("c-staff-own"), s -> Optional.empty());
        assertThat(denied.creditedType()).isEqualTo(Decision.Credited.HQ);
        assertThat(denied.winning()).isEqualTo(own);
        Decision allowed = AttributionRules.decide(new Policy(2, Policy.Model.LAST_TOUCH, 72, 15, 90, Policy.SelfPurchase.ALLOW),
                "c-staff-own", PLACED, List.of(other, own), c -> Optional.ofNullable(LINKS.get(c)),
                s -> Optional.of("c-staff-own"), s -> Optional.empty());
        assertThat(allowed.storeId()).isEqualTo("sB");
    }
}
