package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report rollups on Kafka Streams' test driver: given an order's payment, decision, entries, refund and
 * completion — each delivered twice, the decision before the payment — and a second order adjusted to another store
 * (its first decision arriving again late), when the wall clock passes the write period, then every row holds
 * exactly its sales and commission, and a write that failed is made at the next period.
 */
class ReportRollupStreamTest {

    private static final String APP = "attribution-service";
    private static final Instant PLACED = Instant.parse("2026-11-20T03:00:00Z");
    private static final Instant PAID = Instant.parse("2026-11-20T04:00:00Z");
    private static final Instant REFUNDED = Instant.parse("2026-12-02T04:00:00Z");

    private final Map<String, Map<String, long[]>> written = new HashMap<>();
    private int failingWrites;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> orders;
    private TestInputTopic<String, byte[]> attributions;
    private TestInputTopic<String, byte[]> ledger;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rollup-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        driver = new TopologyTestDriver(ReportRollupStream.topology(APP, new EventReader(meters), docs -> {
            if (failingWrites > 0) {
                failingWrites--;
                throw new IllegalStateException("store unavailable");
            }
            written.putAll(docs);
        }, Duration.ofSeconds(1), ZoneId.of("Asia/Shanghai"), new DeadLetters(APP + "-rollups", meters)), p);
        orders = driver.createInputTopic(Topics.ORDERS, new StringSerializer(), new ByteArraySerializer());
        attributions = driver.createInputTopic(Topics.ATTRIBUTIONS, new StringSerializer(), new ByteArraySerializer());
        ledger = driver.createInputTopic(Topics.COMMISSION_LEDGER, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void every_row_holds_exactly_its_sales_and_commission_whatever_is_delivered_twice() {
        twice(attributions, "c1", Events.ORDER_ATTRIBUTED, attributed("o1", 1, "s1", "d1", "st1"));
        twice(orders, "c1", Events.ORDER_PAID, paid("o1", 24_905));
        twice(ledger, "o1", Events.COMMISSION_ENTRY_RECORDED, entry("o1:1:TRAFFIC:0", "o1", "STORE", "s1", 995, "2026-11"));
        twice(ledger, "o1", Events.COMMISSION_ENTRY_RECORDED, entry("o1:1:STAFF_BONUS:0", "o1", "STAFF", "st1", 199,
                "2026-11"));
        twice(ledger, "o1", Events.COMMISSION_ENTRY_RECORDED, entry("o1:1:DEALER_OVERRIDE:0", "o1", "DEALER", "d1", 398,
                "2026-11"));
        twice(orders, "c1", Events.ORDER_REFUNDED, new OrderRefunded("o1", "c1", "rf1", 1, 1, 2_000, 2_000, 24_905,
                "CNY", REFUNDED));
        twice(ledger, "o1", Events.COMMISSION_ENTRY_RECORDED, entry("o1:1:TRAFFIC:1", "o1", "STORE", "s1", -80, "2026-12"));
        twice(orders, "c1", Events.ORDER_COMPLETED, new OrderCompleted("o1", "c1", REFUNDED, 7,
                REFUNDED.plus(Duration.ofDays(7))));
        // o2: credited to s1, then adjusted to s2 (no dealer); the first decision comes again after the adjustment
        send(orders, "c2", Events.ORDER_PAID, paid("o2", 10_000));
        send(attributions, "c2", Events.ORDER_ATTRIBUTED, attributed("o2", 1, "s1", "d1", null));
        send(ledger, "o2", Events.COMMISSION_ENTRY_RECORDED, entry("o2:1:TRAFFIC:0", "o2", "STORE", "s1", 500, "2026-11"));
        send(attributions, "c2", Events.ORDER_ATTRIBUTED, attributed("o2", 2, "s2", null, null));
        send(ledger, "o2", Events.COMMISSION_ENTRY_RECORDED, entry("o2:adj2:TRAFFIC:s1", "o2", "STORE", "s1", -500,
                "2026-12"));
        send(ledger, "o2", Events.COMMISSION_ENTRY_RECORDED, entry("o2:adj2:TRAFFIC:s2", "o2", "STORE", "s2", 500,
                "2026-12"));
        send(attributions, "c2", Events.ORDER_ATTRIBUTED, attributed("o2", 1, "s1", "d1", null));
        // a placement is not read at all (this one could not be), so it neither counts nor goes to the dead letters
        orders.pipeInput(new TestRecord<>("c1", "{not json".getBytes(StandardCharsets.UTF_8),
                headers(Events.ORDER_PLACED, "c1"), Instant.now()));
        // an unreadable ledger record goes to the stream's dead-letter topic and changes nothing
        ledger.pipeInput(new TestRecord<>("o9", "{not json".getBytes(StandardCharsets.UTF_8),
                headers(Events.COMMISSION_ENTRY_RECORDED, "o9"), Instant.now()));

        failingWrites = 1;
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(written).isEmpty();
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        // orders, gross, refunds, accrued, reversed, completed
        assertThat(row("2026-11", "STORE", "s1")).containsExactly(1, 24_905, 0, 995 + 500, 0, 995);
        assertThat(row("2026-12", "STORE", "s1")).containsExactly(0, 0, 2_000, 0, -80 - 500, -80);
        assertThat(row("2026-11", "STORE", "s2")).containsExactly(1, 10_000, 0, 0, 0, 0);
        assertThat(row("2026-12", "STORE", "s2")).containsExactly(0, 0, 0, 500, 0, 0);
        assertThat(row("2026-11", "DEALER", "d1")).containsExactly(1, 24_905, 0, 398, 0, 398);
        assertThat(row("2026-12", "DEALER", "d1")).containsExactly(0, 0, 2_000, 0, 0, 0);
        assertThat(row("2026-11", "STAFF", "st1")).containsExactly(1, 24_905, 0, 199, 0, 199);
        var dead = driver.createOutputTopic(Topics.deadLetter(Topics.COMMISSION_LEDGER, APP + "-rollups"),
                new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
        assertThat(dead).extracting(kv -> kv.key).containsExactly("o9");
        assertThat(driver.createOutputTopic(Topics.deadLetter(Topics.ORDERS, APP + "-rollups"),
                new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList()).isEmpty();

        // nothing new: nothing is written again
        written.clear();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(written).isEmpty();
    }

    private long[] row(String period, String type, String party) {
        Map<String, long[]> doc = written.get(io.storecast.attribution.domain.Rollups.bucket(period, type, party));
        assertThat(doc).as(period + " " + type + " " + party).isNotNull().containsKey(party);
        return doc.get(party);
    }

    private static OrderPaid paid(String order, long amount) {
        return new OrderPaid(order, "c", "sess", "ref", "p-" + order, List.of(), amount, "CNY", PLACED, PAID);
    }

    private static OrderAttributed attributed(String order, int version, String store, String dealer, String staff) {
        return new OrderAttributed(order, "c", version, 1, "LAST_TOUCH", "STORE", store, dealer, staff, null, null,
                null, 0, "test", PAID, List.of());
    }

    private static CommissionEntryRecorded entry(String id, String order, String type, String party, long amount,
                                                 String period) {
        return new CommissionEntryRecorded(id, order, 1, "TRAFFIC", type, party, null, null,
                amount > 0 ? "ACCRUAL" : "REVERSAL", amount, "CNY", PAID, period, 1);
    }

    /** The same event (the same id) delivered twice. */
    private static <T> void twice(TestInputTopic<String, byte[]> topic, String key, EventType<T> type, T payload) {
        RecordHeaders h = headers(type, key);
        topic.pipeInput(new TestRecord<>(key, EventJson.write(payload), h, Instant.now()));
        topic.pipeInput(new TestRecord<>(key, EventJson.write(payload), h, Instant.now()));
    }

    private static <T> void send(TestInputTopic<String, byte[]> topic, String key, EventType<T> type, T payload) {
        StreamInput.send(topic, key, type, payload, Instant.now());
    }

    private static RecordHeaders headers(EventType<?> type, String key) {
        return StreamInput.headers(type, key, Instant.now());
    }
}
