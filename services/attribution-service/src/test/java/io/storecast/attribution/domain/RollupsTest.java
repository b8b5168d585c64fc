package io.storecast.attribution.domain;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report rows moved as the decision stream moves them: each state an order's books pass through moves the rows
 * by what the order adds now minus what it added before. Given an order paid, credited to a store with its dealer
 * and staff member, refunded in the next month and completed, and a second order adjusted to another store, then
 * every row holds exactly its sales and commission; an order credited to HQ counts for no party.
 */
class RollupsTest {

    private final Map<String, long[]> rows = new HashMap<>();

    private void move(Rollups.Order before, Rollups.Order after) {
        Rollups.difference(Rollups.of(before), Rollups.of(after)).forEach((row, d) ->
                Rollups.add(rows.computeIfAbsent(row, k -> new long[Rollups.WIDTH]), d));
    }

    @Test
    void every_row_holds_exactly_its_sales_and_commission_through_refund_adjustment_and_completion() {
        Rollups.Entry traffic = new Rollups.Entry("2026-11", "STORE", "s1", 995);
        Rollups.Entry bonus = new Rollups.Entry("2026-11", "STAFF", "st1", 199);
        Rollups.Entry override = new Rollups.Entry("2026-11", "DEALER", "d1", 398);
        Rollups.Order paid = order("s1", "d1", "st1", 24_905, List.of(), List.of(traffic, bonus, override), false);
        move(null, paid);
        Rollups.Order refunded = order("s1", "d1", "st1", 24_905, List.of(new Rollups.Refund("2026-12", 2_000)),
                List.of(traffic, bonus, override, new Rollups.Entry("2026-12", "STORE", "s1", -80)), false);
        move(paid, refunded);
        Rollups.Order done = order("s1", "d1", "st1", 24_905, refunded.refunds(), refunded.entries(), true);
        move(refunded, done);

        // o2: credited to s1 and d1, then adjusted to s2 (no dealer): the accrual stays, the adjustment moves it
        Rollups.Entry first = new Rollups.Entry("2026-11", "STORE", "s1", 500);
        Rollups.Order o2 = order("s1", "d1", null, 10_000, List.of(), List.of(first), false);
        move(null, o2);
        Rollups.Order adjusted = order("s2", null, null, 10_000, List.of(), List.of(first,
                new Rollups.Entry("2026-12", "STORE", "s1", -500), new Rollups.Entry("2026-12", "STORE", "s2", 500)),
                false);
        move(o2, adjusted);

        // orders, gross, refunds, accrued, reversed, completed
        assertThat(rows.get("2026-11|STORE|s1")).containsExactly(1, 24_905, 0, 995 + 500, 0, 995);
        assertThat(rows.get("2026-12|STORE|s1")).containsExactly(0, 0, 2_000, 0, -80 - 500, -80);
        assertThat(rows.get("2026-11|STORE|s2")).containsExactly(1, 10_000, 0, 0, 0, 0);
        assertThat(rows.get("2026-12|STORE|s2")).containsExactly(0, 0, 0, 500, 0, 0);
        assertThat(rows.get("2026-11|DEALER|d1")).containsExactly(1, 24_905, 0, 398, 0, 398);
        assertThat(rows.get("2026-12|DEALER|d1")).containsExactly(0, 0, 2_000, 0, 0, 0);
        assertThat(rows.get("2026-11|STAFF|st1")).containsExactly(1, 24_905, 0, 199, 0, 199);
        assertThat(rows.get("2026-12|STAFF|st1")).containsExactly(0, 0, 2_000, 0, 0, 0);
        assertThat(rows).hasSize(8);
    }

    @Test
    void an_order_credited_to_hq_counts_for_no_party_and_one_credited_to_a_dealer_for_the_dealer_alone() {
        Rollups.Order hq = new Rollups.Order("2026-11", 5_000, "HQ", null, null, null, List.of(), List.of(), false);
        assertThat(Rollups.of(hq)).isEmpty();
        Rollups.Order dealer = new Rollups.Order("2026-11", 5_000, "DEALER", null, "d1", null, List.of(),
                List.of(new Rollups.Entry("2026-11", "DEALER", "d1", 250)), false);
        assertThat(Rollups.of(dealer)).containsOnlyKeys("2026-11|DEALER|d1");
        assertThat(Rollups.of(dealer).get("2026-11|DEALER|d1")).containsExactly(1, 5_000, 0, 250, 0, 0);
    }

    private static Rollups.Order order(String store, String dealer, String staff, long amount,
                                       List<Rollups.Refund> refunds, List<Rollups.Entry> entries, boolean completed) {
        return new Rollups.Order("2026-11", amount, "STORE", store, dealer, staff, refunds, entries, completed);
    }
}
