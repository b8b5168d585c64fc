package io.storecast.platform.messaging;

import io.storecast.contracts.EventEnvelope;

/** An event read from Kafka: its envelope (from the CloudEvents headers) and its typed payload. */
public record ConsumedEvent<T>(EventEnvelope envelope, T payload) {
}
