package io.storecast.distribution.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.distribution.domain.TokenBucket;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A per-client-IP token bucket in front of {@code /l/**}: a flood from one address gets {@code 429} with
 * {@code Retry-After} and a small page, instead of taking the redirect down for everyone. Per instance;
 * {@code storecast.redirect.rate-limit.per-second: 0} turns it off (e.g. for a load test from one host).
 */
@Configuration
class RedirectRateLimit implements WebMvcConfigurer, HandlerInterceptor {

    private static final byte[] PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Too many requests</title></head><body><h1>Too many requests</h1>"
            + "<p>Please wait a moment and try again.</p></body></html>").getBytes(StandardCharsets.UTF_8);

    private final long perSecond;
    private final long burst;
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2)).maximumSize(1_000_000).build();
    private final Counter limited;

    RedirectRateLimit(@Value("${storecast.redirect.rate-limit.per-second:20}") long perSecond,
                      @Value("${storecast.redirect.rate-limit.burst:40}") long burst, MeterRegistry meters) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.limited = meters.counter("storecast.redirect.rate-limited");
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (perSecond > 0) {
            registry.addInterceptor(this).addPathPatterns("/l/**");
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws java.io.IOException {
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(request.getRemoteAddr(), ip -> new TokenBucket(perSecond, burst, now));
        if (bucket.tryTake(now)) {
            return true;
        }
        limited.increment();
        response.setStatus(429);
        response.setHeader("Retry-After", "1");
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(PAGE);
        return false;
    }
}
