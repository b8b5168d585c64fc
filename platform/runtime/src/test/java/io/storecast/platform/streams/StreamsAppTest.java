package io.storecast.platform.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** How an exactly-once stream's producer is set up for its commit interval. */
class StreamsAppTest {

    @TempDir
    Path state;

    @Test
    void a_stream_committing_every_100_ms_sends_its_records_within_10_ms_one_request_at_a_time_in_large_batches() {
        Properties settings = app(100).settings();

        assertThat(settings.get("producer.linger.ms")).isEqualTo(10L);
        assertThat(settings.get("producer.max.in.flight.requests.per.connection")).isEqualTo(1);
        // a commit's changelog writes leave in a few requests of up to 256 KiB a partition, not dozens of 16 KiB
        assertThat(settings.get("producer.batch.size")).isEqualTo(262_144);
        assertThat(settings.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        // and Kafka Streams takes them under exactly-once (it refuses an in-flight count that is not an Integer of at
        // most 5)
        assertThat(new StreamsConfig(settings).getProducerConfigs("client")
                .get("max.in.flight.requests.per.connection")).isEqualTo(1);
        assertThat(new StreamsConfig(settings).getProducerConfigs("client").get("batch.size")).isEqualTo(262_144);
    }

    @Test
    void the_linger_is_a_tenth_of_the_commit_interval_and_never_more_than_kafka_streams_100_ms() {
        assertThat(StreamsApp.lingerMs(200)).isEqualTo(20);
        assertThat(StreamsApp.lingerMs(1_000)).isEqualTo(100);
        assertThat(StreamsApp.lingerMs(30_000)).isEqualTo(100);
        assertThat(StreamsApp.lingerMs(5)).isZero();
    }

    @Test
    void a_stream_may_wait_for_records_less_than_kafka_streams_100_ms_so_its_punctuations_run_on_time() {
        StreamsApp app = app(200);
        assertThat(app.settings()).doesNotContainKey(StreamsConfig.POLL_MS_CONFIG);

        app.waitForRecordsAtMost(Duration.ofMillis(10));

        assertThat(new StreamsConfig(app.settings()).getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(10L);
    }

    private StreamsApp app(long commitEveryMs) {
        return new StreamsApp("streams-app-test", "127.0.0.1:1", state.toString(), commitEveryMs, new Topology(),
                new SimpleMeterRegistry());
    }
}
