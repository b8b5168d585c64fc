package io.storecast.distribution.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.storecast.distribution.domain.TokenBucket;

import java.time.Duration;

/**
 * A per-client-IP token bucket in front of {@code /l/{code}}: a flood from one address gets {@code 429}
 * instead of taking the redirect down for everyone. Per instance; {@code perSecond} 0 turns it off (e.g.
 * for a load test from one host).
 */
final class RedirectRateLimit {

    private final long perSecond;
    private final long burst;
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2)).maximumSize(1_000_000).build();

    RedirectRateLimit(long perSecond, long burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    boolean allows(String clientIp) {
        if (perSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        return buckets.get(clientIp, ip -> new TokenBucket(perSecond, burst, now)).tryTake(now);
    }
}
