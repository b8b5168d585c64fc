package io.storecast.contracts.links;

import java.time.Instant;

/** A tracked link was revoked: it answers 410 from now on. */
public record LinkRevoked(String code, Instant revokedAt) {
}
