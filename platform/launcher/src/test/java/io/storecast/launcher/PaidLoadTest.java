package io.storecast.launcher;

import io.storecast.contracts.EventJson;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.orders.OrderLine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the paid-orders benchmark takes from the ledger and attributions topics, who it says ships each order, and the
 * commission it expects in the report.
 */
class PaidLoadTest {

    @Test
    void the_ledger_reader_takes_an_entrys_id_order_and_role_from_the_event_as_attribution_writes_it() {
        byte[] json = EventJson.write(new CommissionEntryRecorded("po-ab12cd34-17:1:TRAFFIC:0", "po-ab12cd34-17", 1,
                "TRAFFIC", "STORE", "ps-ab12cd34-17", "ps-ab12cd34-17", "pd-ab12cd34", "ACCRUAL", 2_495, "CNY",
                Instant.parse("2026-12-06T08:00:00Z"), "2026-12", 3));

        PaidLoad.EntrySeen seen = EventJson.read(json, PaidLoad.EntrySeen.class);

        assertThat(seen).isEqualTo(new PaidLoad.EntrySeen("po-ab12cd34-17:1:TRAFFIC:0", "po-ab12cd34-17", "TRAFFIC"));
    }

    @Test
    void the_expected_commission_rounds_half_up_to_the_fen() {
        assertThat(PaidLoad.roundHalfUp(49_990, PaidLoad.TRAFFIC_BPS)).isEqualTo(2_500);    // 2,499.5 -> 2,500
        assertThat(PaidLoad.roundHalfUp(49_989, PaidLoad.TRAFFIC_BPS)).isEqualTo(2_499);    // 2,499.45 -> 2,499
        assertThat(PaidLoad.roundHalfUp(1_025, PaidLoad.OVERRIDE_BPS)).isEqualTo(21);       // 20.5 -> 21
    }

    @Test
    void the_fulfiller_ships_every_other_order_from_the_store_its_decision_credits_and_the_rest_from_the_warehouse() {
        Instant at = Instant.parse("2026-12-06T08:00:00Z");
        byte[] json = EventJson.write(new OrderAttributed("po-ab12cd34-18", "pc-ab12cd34-18", 1, 4, "LAST_TOUCH",
                "STORE", "ps-ab12cd34-18", "pd-ab12cd34", null, "Plab12cd34x18", "CHECKOUT", at, 1,
                "the last touch in the lookback", at, List.of(new OrderLine(1, "SKU-BENCH", "apparel", 1, 49_990,
                49_990))));
        PaidLoad.Decided decided = EventJson.read(json, PaidLoad.Decided.class);
        assertThat(decided).isEqualTo(new PaidLoad.Decided("po-ab12cd34-18", "pc-ab12cd34-18", 1, "STORE",
                "ps-ab12cd34-18", List.of(new PaidLoad.Decided.Line(1, "SKU-BENCH", 1))));

        List<FulfilmentAssigned.Item> items = List.of(new FulfilmentAssigned.Item(1, "SKU-BENCH", 1));
        assertThat(PaidLoad.assignment(decided, 18, at)).isEqualTo(new FulfilmentAssigned("po-ab12cd34-18",
                "pc-ab12cd34-18", "STORE", "ps-ab12cd34-18", items, "store ps-ab12cd34-18 holds stock for every line",
                at));
        assertThat(PaidLoad.assignment(decided, 19, at)).isEqualTo(new FulfilmentAssigned("po-ab12cd34-18",
                "pc-ab12cd34-18", "HQ_WAREHOUSE", null, items, "no stock of SKU-BENCH at ps-ab12cd34-18", at));
        // an order credited to HQ has no store to ship from
        PaidLoad.Decided toHq = new PaidLoad.Decided("po-ab12cd34-20", "pc-ab12cd34-20", 1, "HQ", null,
                decided.lines());
        assertThat(PaidLoad.assignment(toHq, 20, at).assignee()).isEqualTo("HQ_WAREHOUSE");
        assertThat(PaidLoad.roundHalfUp(49_990, PaidLoad.FULFILMENT_BPS)).isEqualTo(1_500);     // 1,499.7 -> 1,500
    }

    @Test
    void each_minutes_p99_is_of_that_minutes_measured_orders() {
        // orders 0-9 the warm-up (not counted); then minutes of 100 orders: 1..100 ms, 200..299 ms, and 50 unmeasured
        long[] ms = new long[260];
        for (int i = 10; i < 110; i++) {
            ms[i] = i - 9;
        }
        for (int i = 110; i < 210; i++) {
            ms[i] = i + 90;
        }
        Arrays.fill(ms, 210, 260, -1);
        ms[0] = 60_000;     // a warm-up order's latency is none of the minutes'

        assertThat(PaidLoad.p99Each(i -> ms[i], 10, 260, 100)).containsExactly(99L, 298L, -1L);
    }

    @Test
    void an_order_goes_out_at_the_end_of_the_tick_it_is_due_in() {
        long start = 1_000, tick = PaidLoad.TICK_NANOS;       // 2 ms

        assertThat(PaidLoad.endOfTick(start, start)).isEqualTo(start + tick);
        assertThat(PaidLoad.endOfTick(start, start + 500_000)).isEqualTo(start + tick);         // 0.5 ms in
        assertThat(PaidLoad.endOfTick(start, start + tick - 1)).isEqualTo(start + tick);
        assertThat(PaidLoad.endOfTick(start, start + tick)).isEqualTo(start + 2 * tick);
        assertThat(PaidLoad.endOfTick(start, start + 7 * tick + 3)).isEqualTo(start + 8 * tick);
    }
}
