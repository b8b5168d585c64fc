package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.attribution.domain.Rollups;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report rows' stream on Kafka Streams' test driver: the rows' movements the decision stream sends to the by-row
 * topic are summed per row, and each changed document is written whole once a burst of movements is in, or a write
 * period after the first unwritten one while they keep coming; a write that fails is made a write period later, and
 * nothing is written again while nothing moves; each movement's time from its event to the write is timed. (What the
 * books send for each fact: {@code DecisionStreamTest}, {@code RollupsTest}, {@code MoneyPropertiesTest}, and the flow
 * tests, which read the reports.)
 */
class ReportRowsTest {

    private static final String APP = "attribution-service";
    private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    private final Map<String, Map<String, long[]>> written = new HashMap<>();
    private int failingWrites;
    private int writes;
    private final Timer staleness = ReportRows.staleness(new SimpleMeterRegistry());
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> byRow;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rows-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ReportRows.topology(APP, docs -> {
            if (failingWrites > 0) {
                failingWrites--;
                throw new IllegalStateException("store unavailable");
            }
            writes++;
            written.putAll(docs);
        }, Duration.ofSeconds(1), staleness), p, START);
        byRow = driver.createInputTopic(RowDelta.topic(APP), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void the_parties_chosen_share_a_document() {
        assertThat(Rollups.bucket("2026-11", "STORE", "sq")).isEqualTo(Rollups.bucket("2026-11", "STORE", "s1"))
                .isNotEqualTo(Rollups.bucket("2026-12", "STORE", "s1"));
    }

    @Test
    void movements_are_summed_per_row_and_each_changed_document_written_whole() {
        move(300, "2026-11|STORE|s1", 1, 24_905, 0, 995, 0, 0);
        move(200, "2026-11|STORE|sq", 1, 10_000, 0, 0, 0, 0);     // "sq" shares s1's document
        move(100, "2026-11|STORE|s1", 0, 0, 0, 0, 0, 995);
        move(0, "2026-12|STORE|s1", 0, 0, 2_000, 0, -80, 0);

        failingWrites = 1;
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(written).isEmpty();
        assertThat(staleness.count()).isZero();
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        // written 4 s after the start, each movement timed from its own event
        assertThat(staleness.count()).isEqualTo(4);
        assertThat(staleness.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4_300 + 4_200 + 4_100 + 4_000);
        assertThat(staleness.max(TimeUnit.MILLISECONDS)).isEqualTo(4_300);

        assertThat(row("2026-11", "STORE", "s1")).containsExactly(1, 24_905, 0, 995, 0, 995);
        assertThat(row("2026-11", "STORE", "sq")).containsExactly(1, 10_000, 0, 0, 0, 0);
        assertThat(row("2026-12", "STORE", "s1")).containsExactly(0, 0, 2_000, 0, -80, 0);

        // nothing new: nothing is written again, nor timed
        written.clear();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(written).isEmpty();
        assertThat(staleness.count()).isEqualTo(4);

        // a movement later: its document is written whole again, with the other parties it holds
        move(-6_500, "2026-11|STORE|s1", -1, -24_905, 0, -995, 0, -995);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(staleness.count()).isEqualTo(5);
        assertThat(staleness.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(16_600 + 1_500);
        assertThat(row("2026-11", "STORE", "s1")).containsExactly(0, 0, 0, 0, 0, 0);
        assertThat(row("2026-11", "STORE", "sq")).containsExactly(1, 10_000, 0, 0, 0, 0);
        assertThat(written).containsOnlyKeys(Rollups.bucket("2026-11", "STORE", "s1"));
    }

    @Test
    void a_burst_is_written_once_its_movements_stop_and_movements_that_keep_coming_a_write_period_after_the_first() {
        // a burst (the decision stream's commit): movements 4 ms apart, then none
        move(0, "2026-11|STORE|s1", 1, 24_905, 0, 995, 0, 0);
        driver.advanceWallClockTime(Duration.ofMillis(4));
        move(0, "2026-11|DEALER|d1", 1, 24_905, 0, 498, 0, 0);
        driver.advanceWallClockTime(Duration.ofMillis(4));
        move(0, "2026-11|STORE|s2", 1, 5_000, 0, 250, 0, 0);
        driver.advanceWallClockTime(Duration.ofMillis(2));
        assertThat(written).isEmpty();      // 2 ms after the last: the burst may go on

        driver.advanceWallClockTime(Duration.ofMillis(10));

        assertThat(writes).isEqualTo(1);    // the whole burst in one write, 12 ms after its last movement
        assertThat(row("2026-11", "STORE", "s1")).containsExactly(1, 24_905, 0, 995, 0, 0);
        assertThat(row("2026-11", "DEALER", "d1")).containsExactly(1, 24_905, 0, 498, 0, 0);
        assertThat(row("2026-11", "STORE", "s2")).containsExactly(1, 5_000, 0, 250, 0, 0);

        // movements 5 ms apart that do not stop: written a write period (1 s) after the first unwritten one
        written.clear();
        for (int i = 0; i < 198; i++) {
            move(0, "2026-11|STORE|s1", 0, 0, 0, 0, 0, 1);
            driver.advanceWallClockTime(Duration.ofMillis(5));
        }
        assertThat(written).isEmpty();      // 990 ms after the first
        move(0, "2026-11|STORE|s1", 0, 0, 0, 0, 0, 1);
        driver.advanceWallClockTime(Duration.ofMillis(5));
        move(0, "2026-11|STORE|s1", 0, 0, 0, 0, 0, 1);
        driver.advanceWallClockTime(Duration.ofMillis(5));

        assertThat(writes).isEqualTo(2);
        assertThat(row("2026-11", "STORE", "s1")).containsExactly(1, 24_905, 0, 995, 0, 200);
    }

    /** A movement whose event was {@code msBeforeStart} before the driver's start. */
    private void move(long msBeforeStart, String row, long... counters) {
        RowDelta d = new RowDelta(row, counters);
        byRow.pipeInput(d.bucket(), d.encode(), START.minusMillis(msBeforeStart));
    }

    private long[] row(String period, String type, String party) {
        Map<String, long[]> doc = written.get(Rollups.bucket(period, type, party));
        assertThat(doc).as(period + " " + type + " " + party).isNotNull().containsKey(party);
        return doc.get(party);
    }
}
