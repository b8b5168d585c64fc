package io.storecast.distribution.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.distribution.application.Funnels.HourCount;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.testing.TestClock;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel counting on Kafka Streams' test driver: given click events (some delivered twice, one
 * unreadable), when the wall clock passes the write period, then each link-hour's clicks and visitors
 * are written once, exactly, and nothing is lost when a write fails.
 */
class FunnelCounterTest {

    private static final String APP = "store-distribution-service";
    private static final Instant H = Instant.parse("2026-11-11T12:00:00Z");

    private final TestClock clock = new TestClock(H.plus(Duration.ofHours(2)));
    private final List<List<HourCount>> writes = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Counter deadLettered = meters.counter("dead-lettered");
    private int failingWrites;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> clicks;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "funnel-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(FunnelStream.topology(APP, new EventReader(meters), batch -> {
            if (failingWrites > 0) {
                failingWrites--;
                throw new IllegalStateException("store unavailable");
            }
            writes.add(List.copyOf(batch));
        }, Duration.ofSeconds(1), Duration.ofDays(7), clock, deadLettered), p);
        clicks = driver.createInputTopic(Topics.LINK_CLICKS, new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.deadLetter(Topics.LINK_CLICKS, APP), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private LinkClicked click(String code, String visitor, Instant at) {
        return new LinkClicked("click-" + code + "-" + visitor + "-" + at.getEpochSecond(), code, visitor, "agent",
                "hash", at);
    }

    private void deliver(LinkClicked c) {
        deliver(c.code(), EventJson.write(c), Events.LINK_CLICKED.name());
    }

    private void deliver(String key, byte[] value, String type) {
        EventEnvelope e = EventEnvelope.create(Events.LINK_CLICKED, key, "test", Instant.now(), null, null);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.toHeaders(e).forEach((k, v) -> headers.add(new RecordHeader(k,
                k.equals(CloudEventHeaders.TYPE) ? type.getBytes(StandardCharsets.UTF_8) : v)));
        clicks.pipeInput(new TestRecord<>(key, value, headers, Instant.now()));
    }

    /** The latest count written for each link-hour. */
    private TreeMap<String, HourCount> written() {
        TreeMap<String, HourCount> latest = new TreeMap<>();
        writes.forEach(batch -> batch.forEach(c -> latest.put(c.code() + "@" + c.hour(), c)));
        return latest;
    }

    @Test
    void clicks_count_each_click_once_and_each_visitor_once_per_link_and_hour() {
        LinkClicked first = click("A", "v1", H.plusSeconds(10));
        deliver(first);
        deliver(first);                                   // the same click delivered again
        deliver(click("A", "v1", H.plusSeconds(3_599)));  // same visitor, same hour: a click, not a visitor
        deliver(click("A", "v2", H.plusSeconds(20)));
        deliver(click("A", "v1", H.plusSeconds(3_600)));  // next hour: a visitor again
        deliver(click("B", "v1", H.plusSeconds(30)));     // another link
        assertThat(writes).isEmpty();

        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(written().values()).containsExactly(
                new HourCount("A", H, 3, 2),
                new HourCount("A", H.plusSeconds(3_600), 1, 1),
                new HourCount("B", H, 1, 1));

        // only what changed is written next time
        writes.clear();
        deliver(click("A", "v3", H.plusSeconds(40)));
        deliver(first);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(writes).containsExactly(List.of(new HourCount("A", H, 4, 3)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(writes).hasSize(1);
    }

    @Test
    void counts_whose_write_failed_are_written_on_the_next_round() {
        failingWrites = 2;
        deliver(click("A", "v1", H.plusSeconds(10)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(writes).isEmpty();

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(writes).containsExactly(List.of(new HourCount("A", H, 1, 1)));
    }

    @Test
    void an_unreadable_click_goes_to_the_dead_letter_topic_and_counting_goes_on() {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        deliver("A", poison, Events.LINK_CLICKED.name());
        deliver(click("A", "v1", H.plusSeconds(10)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<KeyValue<String, byte[]>> dead = deadLetters.readKeyValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().key).isEqualTo("A");
        assertThat(dead.getFirst().value).isEqualTo(poison);
        assertThat(deadLettered.count()).isEqualTo(1.0);
        assertThat(written().values()).containsExactly(new HourCount("A", H, 1, 1));
    }

    @Test
    void a_readable_click_missing_its_time_is_dead_lettered_instead_of_stopping_the_partition() {
        byte[] incomplete = "{\"code\":\"A\"}".getBytes(StandardCharsets.UTF_8);
        deliver("A", incomplete, Events.LINK_CLICKED.name());
        deliver(click("A", "v1", H.plusSeconds(10)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(deadLetters.readValuesToList()).containsExactly(incomplete);
        assertThat(written().values()).containsExactly(new HourCount("A", H, 1, 1));
    }

    @Test
    void events_of_other_types_are_ignored() {
        deliver("A", "{}".getBytes(StandardCharsets.UTF_8), "storecast.links.something-else");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(writes).isEmpty();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void click_and_visit_keys_older_than_the_dedupe_period_are_dropped_and_newer_ones_kept() {
        deliver(click("A", "v1", H.plusSeconds(10)));
        deliver(click("A", "v2", H.plus(Duration.ofDays(6))));
        KeyValueStore<String, Long> keys = driver.getKeyValueStore(FunnelCounter.KEYS);
        assertThat(count(keys)).isEqualTo(4);            // a click and a visit each

        clock.advance(Duration.ofDays(7));               // now H + 7 days 2 hours: H's hour is past the period
        driver.advanceWallClockTime(Duration.ofMinutes(10));

        List<String> left = new ArrayList<>();
        keys.all().forEachRemaining(kv -> left.add(kv.key));
        assertThat(left).hasSize(2).allMatch(k -> k.contains("v2"));
        // the counts themselves stay
        KeyValueStore<String, String> counts = driver.getKeyValueStore(FunnelCounter.COUNTS);
        assertThat(counts.get("A:0000498444")).isEqualTo("1,1");
    }

    private static long count(KeyValueStore<String, Long> store) {
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
