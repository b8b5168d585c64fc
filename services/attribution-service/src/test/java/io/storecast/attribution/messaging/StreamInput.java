package io.storecast.attribution.messaging;

import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;

import java.time.Instant;

/** Events piped into a topology under Kafka Streams' test driver as the services publish them: JSON, CloudEvents headers. */
final class StreamInput {

    private StreamInput() {
    }

    static <T> void send(TestInputTopic<String, byte[]> topic, String key, EventType<T> type, T payload, Instant at) {
        topic.pipeInput(new TestRecord<>(key, EventJson.write(payload), headers(type, key, at), at));
    }

    static RecordHeaders headers(EventType<?> type, String key, Instant at) {
        EventEnvelope e = EventEnvelope.create(type, key, "test", at, null, null);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.toHeaders(e).forEach((k, v) -> headers.add(new RecordHeader(k, v)));
        return headers;
    }
}
