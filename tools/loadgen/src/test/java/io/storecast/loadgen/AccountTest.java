package io.storecast.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator's own account must be right before it can judge the report. */
class AccountTest {

    static final Account.Rates APPLIANCE = new Account.Rates(300, 50, 100, 150);
    static final Account.Rates DEFAULT = new Account.Rates(500, 100, 200, 300);

    static Plan plan(int index, Plan.Refund refund, boolean delivered) {
        return new Plan(index, List.of(0), false, false, List.of(new Plan.Line(2, 1)), true, refund, delivered, 0);
    }

    @Test
    void a_store_that_brought_and_ships_the_order_has_two_roles_each_rounded_half_up_and_reversed_by_the_net_rule() {
        Account.Paid shipped = new Account.Paid(plan(0, Plan.Refund.HALF_OF_FIRST_LINE, false), "o-1", "S-1", true,
                List.of(new Account.Line(1, 49_900, APPLIANCE), new Account.Line(2, 12_900, DEFAULT)));
        Account.Paid refundedInFull = new Account.Paid(plan(1, Plan.Refund.FULL, false), "o-2", "S-1", false,
                List.of(new Account.Line(1, 8_800, DEFAULT)));
        Account.Paid toHq = new Account.Paid(plan(2, Plan.Refund.NONE, true), "o-3", null, false,
                List.of(new Account.Line(1, 39_900, DEFAULT)));

        Map<String, long[]> rows = Account.expected(List.of(shipped, refundedInFull, toHq), true, false);

        // line 1: traffic 1,497 accrued, net roundHalfUp(24,950 × 3 %) = 749; fee 749 (748.5 up), net 374 (374.25)
        // line 2: traffic 645, fee 387; the second order: 440 accrued, all reversed
        assertThat(rows).containsOnlyKeys("S-1");
        assertThat(rows.get("S-1")).containsExactly(2, 71_600, 33_750, 37_850, 3_718, -1_563, 2_155, 2_155, 0, 0, 0);
    }

    @Test
    void before_refunds_the_net_is_what_was_accrued_and_a_completed_order_is_settleable() {
        Account.Paid delivered = new Account.Paid(plan(0, Plan.Refund.HALF_OF_FIRST_LINE, true), "o-1", "S-2", false,
                List.of(new Account.Line(1, 49_900, APPLIANCE)));

        assertThat(Account.expected(List.of(delivered), false, true).get("S-2"))
                .containsExactly(1, 49_900, 0, 49_900, 1_497, 0, 1_497, 0, 1_497, 0, 0);
        assertThat(Account.expected(List.of(delivered), true, true).get("S-2"))
                .containsExactly(1, 49_900, 24_950, 24_950, 1_497, -748, 749, 0, 749, 0, 0);
        assertThat(Account.expected(List.of(delivered), true, false).get("S-2"))
                .containsExactly(1, 49_900, 24_950, 24_950, 1_497, -748, 749, 749, 0, 0, 0);
    }

    @Test
    void every_difference_is_named_with_the_store_the_column_and_both_figures() {
        long[] want = {1, 100, 0, 100, 5, 0, 5, 5, 0, 0, 0};
        long[] got = {1, 100, 0, 100, 5, 0, 4, 4, 0, 0, 0};

        assertThat(Account.mismatches(Map.of("S-1", want, "S-2", want), Map.of("S-1", got, "S-3", want)))
                .containsExactly("S-1 commissionNet: expected 5, the report says 4",
                        "S-1 pending: expected 5, the report says 4",
                        "S-2: expected a row (1 orders, commission net 5 fen), the report has none",
                        "S-3 attributedOrders: expected 0, the report says 1",
                        "S-3 grossSales: expected 0, the report says 100",
                        "S-3 netSales: expected 0, the report says 100",
                        "S-3 commissionAccrued: expected 0, the report says 5",
                        "S-3 commissionNet: expected 0, the report says 5",
                        "S-3 pending: expected 0, the report says 5");
    }

    @Test
    void the_same_seed_draws_the_same_customers_and_a_second_link_is_always_another_stores() {
        int[] storeOfLink = {0, 0, 0, 1, 1, 1, 2, 2, 2};
        for (int i = 0; i < 2_000; i++) {
            Plan a = Plan.draw(42, i, 9, storeOfLink, 5, 2, 1_500);
            assertThat(Plan.draw(42, i, 9, storeOfLink, 5, 2, 1_500)).isEqualTo(a);
            if (a.links().size() == 2) {
                assertThat(storeOfLink[a.links().get(1)]).isNotEqualTo(storeOfLink[a.links().get(0)]);
            }
            if (a.refund() == Plan.Refund.FULL) {
                assertThat(a.delivered()).isFalse();
            }
        }
    }
}
