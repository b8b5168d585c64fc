package io.storecast.order.domain;

import io.storecast.order.domain.CheckoutRound.Outcome;
import io.storecast.order.domain.CheckoutRound.Request;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckoutRoundTest {

    private static final String S = "sess";

    private static FlashStock stock(String sku, long remaining, int limit) {
        return new FlashStock(S, sku, 100, remaining, limit, 0, List.of());
    }

    private static Request req(String order, String customer, Object... skuQty) {
        Map<String, Integer> q = new LinkedHashMap<>();
        for (int i = 0; i < skuQty.length; i += 2) {
            q.put((String) skuQty[i], (Integer) skuQty[i + 1]);
        }
        return new Request(order, customer, S, q);
    }

    @Test
    void checkouts_are_served_in_arrival_order_until_the_units_run_out() {
        var r = CheckoutRound.decide(List.of(req("o1", "a", "TEA", 2), req("o2", "b", "TEA", 2),
                        req("o3", "c", "TEA", 1)),
                Map.of(CheckoutRound.key(S, "TEA"), stock("TEA", 3, 0)), Map.of());

        assertThat(r.verdicts().get("o1").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.verdicts().get("o2").outcome()).isEqualTo(Outcome.SOLD_OUT);
        assertThat(r.verdicts().get("o2").detail()).isEqualTo("only 1 of sku TEA left, asked 2");
        assertThat(r.verdicts().get("o3").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.takes().get(CheckoutRound.key(S, "TEA"))).extracting(FlashStock.Unit::orderId)
                .containsExactly("o1", "o3");
    }

    @Test
    void an_order_takes_all_of_its_lines_or_nothing() {
        var r = CheckoutRound.decide(List.of(req("o1", "a", "TEA", 1, "CUP", 2), req("o2", "b", "TEA", 1)),
                Map.of(CheckoutRound.key(S, "TEA"), stock("TEA", 1, 0), CheckoutRound.key(S, "CUP"),
                        stock("CUP", 1, 0)), Map.of());

        assertThat(r.verdicts().get("o1").outcome()).isEqualTo(Outcome.SOLD_OUT);
        assertThat(r.verdicts().get("o1").sku()).isEqualTo("CUP");
        // o1 took no TEA, so o2 gets the last one
        assertThat(r.verdicts().get("o2").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.takes()).containsOnlyKeys(CheckoutRound.key(S, "TEA"));
    }

    @Test
    void the_limit_counts_what_the_customer_holds_and_what_this_round_gave_them() {
        String held = CheckoutRound.purchaseKey(S, "a", "TEA");
        var r = CheckoutRound.decide(List.of(req("o1", "a", "TEA", 1), req("o2", "a", "TEA", 1),
                        req("o3", "b", "TEA", 2)),
                Map.of(CheckoutRound.key(S, "TEA"), stock("TEA", 50, 2)), Map.of(held, Map.of("earlier", 1)));

        assertThat(r.verdicts().get("o1").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.verdicts().get("o2").outcome()).isEqualTo(Outcome.OVER_LIMIT);
        assertThat(r.verdicts().get("o2").detail()).contains("holds 2 and asked 1");
        assertThat(r.verdicts().get("o3").outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void a_retry_does_not_count_against_its_own_limit() {
        String held = CheckoutRound.purchaseKey(S, "a", "TEA");
        var r = CheckoutRound.decide(List.of(req("o1", "a", "TEA", 2)),
                Map.of(CheckoutRound.key(S, "TEA"), stock("TEA", 50, 2)), Map.of(held, Map.of("o1", 2)));
        assertThat(r.verdicts().get("o1").outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void a_sku_without_stock_in_the_session_is_not_on_sale() {
        var r = CheckoutRound.decide(List.of(req("o1", "a", "TEA", 1)), Map.of(), Map.of());
        assertThat(r.verdicts().get("o1").outcome()).isEqualTo(Outcome.NOT_ON_SALE);
        assertThat(r.takes()).isEmpty();
    }
}
