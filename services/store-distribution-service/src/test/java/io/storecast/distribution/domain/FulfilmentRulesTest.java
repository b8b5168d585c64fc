package io.storecast.distribution.domain;

import io.storecast.distribution.domain.FulfilmentRules.Assignee;
import io.storecast.distribution.domain.FulfilmentRules.Decision;
import io.storecast.distribution.domain.FulfilmentRules.Line;
import io.storecast.distribution.domain.FulfilmentRules.Refund;
import io.storecast.distribution.domain.FulfilmentRules.StoreStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FulfilmentRulesTest {

    private static final Instant T = Instant.parse("2026-11-11T12:00:00Z");
    private static final List<Line> LINES = List.of(new Line(1, "TEE-RED-M", 2, 19_800), new Line(2, "CAP-01", 1, 5_000));

    private static Refund refund(String id, int lineNo, long amount, long lineRefundedTotal) {
        return new Refund(id, lineNo, amount, lineRefundedTotal, T);
    }

    @Test
    void an_active_credited_store_may_ship() {
        assertThat(FulfilmentRules.refusal("STORE", "store-1", "dealer-1", StoreStatus.ACTIVE)).isEmpty();
        assertThat(FulfilmentRules.toStore("store-1"))
                .isEqualTo(new Decision(Assignee.STORE, "store-1", "store store-1 holds stock for every line"));
    }

    @Test
    void orders_not_credited_to_an_active_store_go_to_the_warehouse_with_the_reason() {
        assertThat(FulfilmentRules.refusal("HQ", null, null, StoreStatus.UNKNOWN)).contains("credited to HQ");
        assertThat(FulfilmentRules.refusal("DEALER", null, "dealer-9", StoreStatus.UNKNOWN))
                .contains("credited to dealer dealer-9 through a dealer link");
        assertThat(FulfilmentRules.refusal("STORE", "store-1", null, StoreStatus.INACTIVE))
                .contains("store store-1 is inactive");
        assertThat(FulfilmentRules.refusal("STORE", "store-x", null, StoreStatus.UNKNOWN))
                .contains("store store-x is unknown");
        assertThat(FulfilmentRules.refusal("STORE", null, null, StoreStatus.UNKNOWN))
                .contains("credited to a store without a store id");
        assertThat(FulfilmentRules.toWarehouse("credited to HQ"))
                .isEqualTo(new Decision(Assignee.HQ_WAREHOUSE, null, "credited to HQ"));
    }

    @Test
    void a_store_short_of_one_sku_sends_the_order_to_the_warehouse() {
        assertThat(FulfilmentRules.noStock("CAP-01", "store-1"))
                .isEqualTo(new Decision(Assignee.HQ_WAREHOUSE, null, "no stock of CAP-01 at store-1"));
    }

    @Test
    void lines_of_one_sku_are_reserved_together_in_sku_order() {
        List<Line> lines = List.of(new Line(1, "TEE", 2, 100), new Line(2, "CAP", 1, 50), new Line(3, "TEE", 3, 150));
        assertThat(FulfilmentRules.quantitiesBySku(lines)).containsExactly(Map.entry("CAP", 1), Map.entry("TEE", 5));
    }

    @Test
    void an_order_is_refunded_in_full_once_every_line_reaches_what_was_paid_for_it() {
        assertThat(FulfilmentRules.fullyRefunded(LINES, List.of())).isFalse();
        List<Refund> partial = List.of(refund("r1", 1, 9_900, 9_900), refund("r2", 2, 5_000, 5_000));
        assertThat(FulfilmentRules.fullyRefunded(LINES, partial)).isFalse();
        List<Refund> all = List.of(refund("r1", 1, 9_900, 9_900), refund("r2", 2, 5_000, 5_000),
                refund("r3", 1, 9_900, 19_800));
        assertThat(FulfilmentRules.fullyRefunded(LINES, all)).isTrue();
        // arrival order does not matter: the highest running total of a line counts
        assertThat(FulfilmentRules.fullyRefunded(LINES, List.of(all.get(2), all.get(1), all.get(0)))).isTrue();
    }

    @Test
    void a_free_line_needs_no_refund_and_an_order_without_lines_is_never_refunded() {
        List<Line> withGift = List.of(new Line(1, "TEE", 1, 100), new Line(2, "GIFT", 1, 0));
        assertThat(FulfilmentRules.fullyRefunded(withGift, List.of(refund("r1", 1, 100, 100)))).isTrue();
        assertThat(FulfilmentRules.fullyRefunded(List.of(), List.of(refund("r1", 1, 100, 100)))).isFalse();
    }
}
