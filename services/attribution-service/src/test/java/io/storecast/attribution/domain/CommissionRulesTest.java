package io.storecast.attribution.domain;

import io.storecast.attribution.domain.CommissionRules.PaidLine;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommissionRulesTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final CommissionPlan PLAN = new CommissionPlan(1, Instant.parse("2026-01-01T00:00:00Z"), "CNY", Map.of(
            "*", new CommissionPlan.Rates(500, 100, 200, 0),
            "appliance", new CommissionPlan.Rates(250, 0, 50, 0)));
    static final Decision STAFF_UNDER_DEALER = new Decision(Decision.Credited.STORE, "sB", "d1", "st1", "STAFF", null,
            List.of(), "test");
    static final Instant PAID = Instant.parse("2026-11-30T16:30:00Z"); // 2026-12-01 00:30 in Shanghai

    @Test
    void round_half_up_in_integers() {
        assertThat(CommissionRules.roundHalfUp(19_900, 500)).isEqualTo(995);
        assertThat(CommissionRules.roundHalfUp(10_010, 500)).isEqualTo(501);   // 500.5 -> 501
        assertThat(CommissionRules.roundHalfUp(10_009, 500)).isEqualTo(500);   // 500.45 -> 500
        assertThat(CommissionRules.roundHalfUp(0, 500)).isZero();
    }

    @Test
    void round_half_up_is_exact_for_any_amount_a_long_holds() {
        assertThat(CommissionRules.roundHalfUp(Long.MAX_VALUE, 10_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(CommissionRules.roundHalfUp(Long.MAX_VALUE, 500)).isEqualTo(461_168_601_842_738_790L);
        Random random = new Random(6);
        for (int i = 0; i < 100_000; i++) {
            long amount = random.nextLong() & Long.MAX_VALUE;
            int bps = random.nextInt(10_001);
            long exact = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(bps)).add(BigInteger.valueOf(5_000))
                    .divide(BigInteger.valueOf(10_000)).longValueExact();
            assertThat(CommissionRules.roundHalfUp(amount, bps)).as("%d at %d bps", amount, bps).isEqualTo(exact);
        }
    }

    @Test
    void a_staff_sale_in_a_dealer_store_pays_traffic_staff_bonus_and_dealer_override_per_line() {
        List<LedgerEntry> e = CommissionRules.accruals("o1", STAFF_UNDER_DEALER, PLAN, List.of(
                new PaidLine(1, "apparel", 19_900), new PaidLine(2, "appliance", 12_345)), PAID, SHANGHAI);
        assertThat(e).extracting(LedgerEntry::id, LedgerEntry::beneficiaryId, LedgerEntry::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("o1:1:TRAFFIC:0", "sB", 995L),
                org.assertj.core.groups.Tuple.tuple("o1:1:STAFF_BONUS:0", "st1", 199L),
                org.assertj.core.groups.Tuple.tuple("o1:1:DEALER_OVERRIDE:0", "d1", 398L),
                org.assertj.core.groups.Tuple.tuple("o1:2:TRAFFIC:0", "sB", 309L),   // 308.625
                org.assertj.core.groups.Tuple.tuple("o1:2:DEALER_OVERRIDE:0", "d1", 62L)); // 61.725; staff 0 bp: none
        assertThat(e).allSatisfy(x -> {
            assertThat(x.period()).isEqualTo("2026-12");
            assertThat(x.kind()).isEqualTo(LedgerEntry.Kind.ACCRUAL);
            assertThat(x.planVersion()).isEqualTo(1);
        });
    }

    @Test
    void hq_orders_earn_nothing() {
        assertThat(CommissionRules.accruals("o1", Decision.hq(List.of(), "none"), PLAN,
                List.of(new PaidLine(1, "apparel", 19_900)), PAID, SHANGHAI)).isEmpty();
    }

    @Test
    void refunds_reverse_the_change_in_net_and_a_full_refund_nets_exactly_zero() {
        Decision store = new Decision(Decision.Credited.STORE, "sA", null, null, "STORE", null, List.of(), "t");
        PaidLine line = new PaidLine(1, "apparel", 10_010);          // accrual 500.5 -> 501
        long accrued = CommissionRules.accruals("o1", store, PLAN, List.of(line), PAID, SHANGHAI).getFirst().amount();
        assertThat(accrued).isEqualTo(501);
        // first refund 3,333: net becomes round(6,677 × 5%) = round(333.85) = 334 -> reversal -167
        List<LedgerEntry> r1 = CommissionRules.reversals("o1", store, PLAN, line, 1, 3_333, 3_333,
                Instant.parse("2026-12-05T00:00:00Z"), SHANGHAI, null);
        assertThat(r1).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("o1:1:TRAFFIC:1");
            assertThat(x.amount()).isEqualTo(-167);
            assertThat(x.kind()).isEqualTo(LedgerEntry.Kind.REVERSAL);
            assertThat(x.period()).isEqualTo("2026-12");
        });
        // second refund of the rest 6,677: net 0 -> reversal -334
        List<LedgerEntry> r2 = CommissionRules.reversals("o1", store, PLAN, line, 2, 6_677, 10_010,
                Instant.parse("2026-12-06T00:00:00Z"), SHANGHAI, null);
        assertThat(r2).singleElement().extracting(LedgerEntry::amount).isEqualTo(-334L);
        assertThat(accrued + r1.getFirst().amount() + r2.getFirst().amount()).isZero();
    }

    @Test
    void a_refund_too_small_to_move_the_rounded_net_writes_no_entry() {
        Decision store = new Decision(Decision.Credited.STORE, "sA", null, null, "STORE", null, List.of(), "t");
        // 10,000 at 5% = 500; refund 1 fen: net round(499.95) = 500 -> no change
        assertThat(CommissionRules.reversals("o1", store, PLAN, new PaidLine(1, "x", 10_000), 1, 1, 1, PAID, SHANGHAI, null))
                .isEmpty();
    }

    @Test
    void a_refund_beyond_the_line_is_refused() {
        Decision store = new Decision(Decision.Credited.STORE, "sA", null, null, "STORE", null, List.of(), "t");
        assertThatThrownBy(() -> CommissionRules.reversals("o1", store, PLAN, new PaidLine(1, "x", 100), 1, 50, 150,
                PAID, SHANGHAI, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_shipping_store_earns_the_fulfilment_fee_once_assigned_and_it_is_reversed_by_the_net_rule() {
        CommissionPlan plan = new CommissionPlan(3, Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                Map.of("*", new CommissionPlan.Rates(500, 0, 0, 150)));
        Decision store = new Decision(Decision.Credited.STORE, "sA", null, null, "STORE", null, List.of(), "t");
        PaidLine line = new PaidLine(1, "apparel", 10_030);
        // at payment: the traffic share only (501.5 -> 502); the fulfilment fee waits for the assignment
        assertThat(CommissionRules.accruals("o1", store, plan, List.of(line), PAID, SHANGHAI))
                .extracting(e -> e.role() + " " + e.amount()).containsExactly("TRAFFIC 502");
        // assigned to store sA (the same store: a second role, rounded on its own): 150.45 -> 150, paid period
        List<LedgerEntry> fee = CommissionRules.fulfilmentAccruals("o1", store, plan, List.of(line), "sA", PAID,
                SHANGHAI);
        assertThat(fee).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("o1:1:FULFILMENT:0");
            assertThat(e.beneficiaryType()).isEqualTo(LedgerEntry.BeneficiaryType.STORE);
            assertThat(e.beneficiaryId()).isEqualTo("sA");
            assertThat(e.amount()).isEqualTo(150);
            assertThat(e.period()).isEqualTo("2026-12");     // the payment's month in Shanghai
        });
        // refund 30: traffic net round(500) = 500 (-2), fee net round(150) = 150 (no entry)
        assertThat(CommissionRules.reversals("o1", store, plan, line, 1, 30, 30, PAID, SHANGHAI, "sA"))
                .extracting(e -> e.role() + " " + e.amount()).containsExactly("TRAFFIC -2");
        // the rest: both nets 0
        assertThat(CommissionRules.reversals("o1", store, plan, line, 2, 10_000, 10_030, PAID, SHANGHAI, "sA"))
                .extracting(e -> e.role() + " " + e.amount()).containsExactlyInAnyOrder("TRAFFIC -500",
                        "FULFILMENT -150");
        // the HQ warehouse ships: no fee
        assertThat(CommissionRules.fulfilmentAccruals("o1", store, plan, List.of(line), null, PAID, SHANGHAI)).isEmpty();
    }

    @Test
    void an_adjustment_reverses_what_the_old_beneficiaries_hold_and_accrues_the_new_net_after_refunds() {
        // store A's staff sale in a dealer's store: 19,900 paid, 9,900 refunded; then HQ credits store C instead
        Decision old = STAFF_UNDER_DEALER;
        PaidLine line = new PaidLine(1, "apparel", 19_900);
        List<LedgerEntry> existing = new java.util.ArrayList<>(CommissionRules.accruals("o9", old, PLAN, List.of(line),
                PAID, SHANGHAI));
        existing.addAll(CommissionRules.reversals("o9", old, PLAN, line, 1, 9_900, 9_900, PAID, SHANGHAI, null));
        Decision next = new Decision(Decision.Credited.STORE, "sC", null, null, "STORE", null, List.of(), "HQ");
        Instant at = Instant.parse("2027-01-05T02:00:00Z");
        List<LedgerEntry> adj = CommissionRules.adjustment("o9", next, PLAN, List.of(line), Map.of(1, 9_900L), existing,
                2, at, SHANGHAI);
        assertThat(adj).extracting(e -> e.id() + " " + e.amount()).containsExactlyInAnyOrder(
                "o9:1:DEALER_OVERRIDE:a2:DEALER:d1 -200",   // 398 - 198
                "o9:1:STAFF_BONUS:a2:STAFF:st1 -100",       // 199 - 99
                "o9:1:TRAFFIC:a2:STORE:sB -500",            // 995 - 495
                "o9:1:TRAFFIC:a2:STORE:sC 500");            // round(10,000 × 5%)
        assertThat(adj).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(LedgerEntry.Kind.ADJUSTMENT);
            assertThat(e.period()).isEqualTo("2027-01");
        });
        // to HQ: every beneficiary's net back to zero, nothing accrued
        List<LedgerEntry> toHq = CommissionRules.adjustment("o9", Decision.hq(List.of(), "HQ"), PLAN, List.of(line),
                Map.of(1, 9_900L), existing, 2, at, SHANGHAI);
        assertThat(toHq.stream().mapToLong(LedgerEntry::amount).sum()
                + existing.stream().mapToLong(LedgerEntry::amount).sum()).isZero();
    }

    @Test
    void the_plan_in_force_is_the_latest_effective_at_or_before_the_order() {
        CommissionPlan v2 = new CommissionPlan(2, Instant.parse("2026-11-11T00:00:00Z"), "CNY", PLAN.rates());
        assertThat(CommissionPlan.inForceAt(List.of(PLAN, v2), Instant.parse("2026-11-10T23:59:59Z")))
                .get().extracting(CommissionPlan::version).isEqualTo(1);
        assertThat(CommissionPlan.inForceAt(List.of(PLAN, v2), Instant.parse("2026-11-11T00:00:00Z")))
                .get().extracting(CommissionPlan::version).isEqualTo(2);
        assertThat(CommissionPlan.inForceAt(List.of(v2), Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    }
}
