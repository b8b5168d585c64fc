package io.storecast.order.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {

    private static final Instant T0 = Instant.parse("2026-11-11T12:00:00Z");

    private static Order placed(Order.Item... items) {
        return Order.place("o1", "client-1", "c1", "s1", "Ab3dE5gH9k", List.of(items), "CNY", T0);
    }

    private static InvalidFieldException invalid(Runnable r) {
        try {
            r.run();
        } catch (InvalidFieldException e) {
            return e;
        }
        throw new AssertionError("expected an InvalidFieldException");
    }

    @Test
    void the_total_is_the_sum_of_unit_price_times_quantity() {
        Order o = placed(new Order.Item("TEA", "food", 3, 1_999), new Order.Item("CUP", "home", 2, 4_550));

        assertThat(o.status()).isEqualTo(Order.Status.PLACED);
        assertThat(o.lines()).extracting(Order.Line::lineNo).containsExactly(1, 2);
        assertThat(o.lines()).extracting(Order.Line::amount).containsExactly(5_997L, 9_100L);
        assertThat(o.total()).isEqualTo(15_097);
        assertThat(o.lines()).extracting(Order.Line::refunded).containsExactly(0L, 0L);
    }

    @Test
    void a_line_needs_a_quantity_of_at_least_one_and_an_amount_that_fits() {
        assertThat(invalid(() -> placed(new Order.Item("TEA", "food", 1, 100), new Order.Item("CUP", "home", 0, 100)))
                .field()).isEqualTo("lines[1].quantity");
        assertThat(invalid(() -> placed(new Order.Item("TEA", "food", Integer.MAX_VALUE, Long.MAX_VALUE / 2)))
                .field()).isEqualTo("lines[0].quantity");
        assertThat(invalid(() -> Order.place("o1", "k", "c1", "s1", null, List.of(), "CNY", T0)).field())
                .isEqualTo("lines");
    }

    @Test
    void a_payment_must_match_the_total_exactly_and_is_idempotent_per_payment_id() {
        Order o = placed(new Order.Item("TEA", "food", 3, 1_999));

        InvalidFieldException wrong = invalid(() -> o.pay("pay-1", 5_996, T0));
        assertThat(wrong.field()).isEqualTo("amount");
        assertThat(wrong.getMessage()).contains("5997");

        Order paid = o.pay("pay-1", 5_997, T0.plusSeconds(30));
        assertThat(paid.status()).isEqualTo(Order.Status.PAID);
        assertThat(paid.paidAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(paid.paymentId()).isEqualTo("pay-1");
        assertThat(paid.pay("pay-1", 5_997, T0.plusSeconds(60))).isSameAs(paid);
        assertThatThrownBy(() -> paid.pay("pay-2", 5_997, T0.plusSeconds(60)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("paymentId"));
    }

    @Test
    void only_a_paid_order_is_refunded() {
        Order o = placed(new Order.Item("TEA", "food", 1, 1_000));
        assertThatThrownBy(() -> o.refund("r1", 1, 100, T0))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("status"));
    }

    @Test
    void a_refund_never_exceeds_what_is_left_of_its_line() {
        Order paid = placed(new Order.Item("TEA", "food", 3, 1_999), new Order.Item("CUP", "home", 1, 4_550))
                .pay("pay-1", 10_547, T0);

        Order once = paid.refund("r1", 1, 2_000, T0.plusSeconds(10));
        InvalidFieldException over = invalid(() -> once.refund("r2", 1, 3_998, T0.plusSeconds(20)));
        assertThat(over.field()).isEqualTo("amount");
        assertThat(over.getMessage()).contains("3997 fen");
        assertThat(invalid(() -> once.refund("r2", 3, 1, T0)).field()).isEqualTo("lineNo");
        assertThat(invalid(() -> once.refund("r2", 1, 0, T0)).field()).isEqualTo("amount");

        // the other line's amount is its own limit
        assertThat(invalid(() -> once.refund("r2", 2, 4_551, T0)).field()).isEqualTo("amount");
        assertThat(once.refund("r2", 2, 4_550, T0).line(2).refunded()).isEqualTo(4_550);
    }

    @Test
    void repeated_partial_refunds_up_to_the_line_amount_make_the_order_refunded() {
        Order paid = placed(new Order.Item("TEA", "food", 3, 1_999)).pay("pay-1", 5_997, T0);

        Order first = paid.refund("r1", 1, 1_000, T0.plusSeconds(10));
        assertThat(first.status()).isEqualTo(Order.Status.PAID);
        assertThat(first.line(1).refunded()).isEqualTo(1_000);
        assertThat(first.lastRefund()).isEqualTo(new Order.Refund("r1", 1, 1, 1_000, T0.plusSeconds(10)));
        assertThat(first.refund("r1", 1, 1_000, T0.plusSeconds(11))).isSameAs(first);

        Order second = first.refund("r2", 1, 2_500, T0.plusSeconds(20));
        assertThat(second.status()).isEqualTo(Order.Status.PAID);
        assertThat(second.line(1).refunded()).isEqualTo(3_500);
        assertThat(second.line(1).refundable()).isEqualTo(2_497);

        Order last = second.refund("r3", 1, 2_497, T0.plusSeconds(30));
        assertThat(last.status()).isEqualTo(Order.Status.REFUNDED);
        assertThat(last.line(1).refunded()).isEqualTo(5_997);
        assertThat(last.refunds()).extracting(Order.Refund::refundSeq).containsExactly(1, 2, 3);
        assertThat(last.total()).isEqualTo(5_997);
        assertThatThrownBy(() -> last.refund("r4", 1, 1, T0))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("status"));
    }

    @Test
    void a_partly_refunded_order_with_two_lines_stays_paid_until_both_are_refunded() {
        Order paid = placed(new Order.Item("TEA", "food", 1, 800), new Order.Item("CUP", "home", 1, 1_200))
                .pay("pay-1", 2_000, T0);
        Order one = paid.refund("r1", 1, 800, T0);
        assertThat(one.status()).isEqualTo(Order.Status.PAID);
        assertThat(one.refund("r2", 2, 1_200, T0).status()).isEqualTo(Order.Status.REFUNDED);
    }

    @Test
    void the_lifecycle_moves_forward_only_and_completes_after_the_return_window() {
        Order paid = placed(new Order.Item("TEA", "food", 1, 1_000)).pay("pay-1", 1_000, T0);
        assertThat(invalidState(() -> paid.deliver(T0))).isEqualTo("status");
        assertThat(invalidState(() -> paid.ship("SF", null, T0))).isEqualTo("fulfilment");
        Order assigned = paid.assign(new Order.Fulfilment("STORE", "s1", "stock", T0));
        assertThat(assigned.assign(new Order.Fulfilment("HQ_WAREHOUSE", null, "x", T0)).fulfilment().storeId())
                .isEqualTo("s1");
        Order shipped = assigned.ship("SF", "SF1", T0.plusSeconds(60));
        assertThat(shipped.status()).isEqualTo(Order.Status.SHIPPED);
        Order delivered = shipped.deliver(T0.plusSeconds(120));
        Duration week = Duration.ofDays(7);
        assertThat(delivered.complete(week, T0.plusSeconds(120).plus(week).minusMillis(1))).isSameAs(delivered);
        Order done = delivered.complete(week, T0.plusSeconds(120).plus(week));
        assertThat(done.status()).isEqualTo(Order.Status.COMPLETED);
        assertThat(invalidState(() -> done.refund("r1", 1, 1, T0))).isEqualTo("status");
    }

    @Test
    void only_an_unpaid_order_is_cancelled_by_the_timeout() {
        Order o = placed(new Order.Item("TEA", "food", 1, 1_000));
        assertThat(o.unpaidPast(Duration.ofMinutes(15), T0.plus(Duration.ofMinutes(15)))).isTrue();
        assertThat(o.unpaidPast(Duration.ofMinutes(15), T0.plus(Duration.ofMinutes(15)).minusMillis(1))).isFalse();
        Order cancelled = o.cancelUnpaid(T0.plus(Duration.ofMinutes(15)));
        assertThat(cancelled.status()).isEqualTo(Order.Status.CANCELLED);
        assertThat(invalidState(() -> cancelled.pay("pay-1", 1_000, T0))).isEqualTo("orderId");
        Order paid = o.pay("pay-1", 1_000, T0);
        assertThat(paid.cancelUnpaid(T0.plus(Duration.ofHours(1)))).isSameAs(paid);
    }

    private static String invalidState(Runnable r) {
        try {
            r.run();
        } catch (ConflictException e) {
            return e.field();
        }
        throw new AssertionError("expected a ConflictException");
    }
}
