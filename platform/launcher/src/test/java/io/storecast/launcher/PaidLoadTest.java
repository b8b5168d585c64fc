package io.storecast.launcher;

import io.storecast.contracts.EventJson;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the paid-orders benchmark takes from the ledger topic, and the commission it expects in the report. */
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
}
