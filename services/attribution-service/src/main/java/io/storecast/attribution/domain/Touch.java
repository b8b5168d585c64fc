package io.storecast.attribution.domain;

import java.time.Instant;

/**
 * Evidence that a link brought a customer: {@code at} is when it happened, {@code arrivedAt} when we
 * recorded it (which orders touches with equal {@code at}).
 */
public record Touch(String id, String customerId, String code, TouchKind kind, Instant at, Instant arrivedAt) {
}
