package io.storecast.attribution.domain;

import java.time.Instant;

/**
 * Evidence that a link brought a customer: {@code at} is when it happened, {@code arrivedAt} when its event was
 * recorded (the envelope's occurred-at), which orders touches with equal {@code at}; equal in both, the order the
 * customer's books recorded them decides.
 */
public record Touch(String id, String customerId, String code, TouchKind kind, Instant at, Instant arrivedAt) {
}
