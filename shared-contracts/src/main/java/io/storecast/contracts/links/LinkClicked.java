package io.storecast.contracts.links;

import java.time.Instant;

/** Somebody followed a tracked link. Anonymous: counts in funnels, never in attribution. */
public record LinkClicked(String clickId, String code, String visitorId, String userAgent, String ipHash,
                          Instant clickedAt) {
}
