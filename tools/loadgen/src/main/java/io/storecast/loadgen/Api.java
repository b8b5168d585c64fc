package io.storecast.loadgen;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.storecast.order.domain.PaymentSignature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A small JSON-over-HTTP client for driving the services through their public APIs only. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The local stack's development secret for payment callbacks (never used outside a local run). */
    public static final String LOCAL_PAYMENT_SECRET = "storecast-local-development-secret";

    private final String base;
    private final String paymentSecret;
    private final String token;

    public Api(String base) {
        this(base, LOCAL_PAYMENT_SECRET);
    }

    public Api(String base, String paymentSecret) {
        this(base, paymentSecret, null);
    }

    private Api(String base, String paymentSecret, String token) {
        this.base = base;
        this.paymentSecret = paymentSecret;
        this.token = token;
    }

    /** The same service, every request carrying {@code Authorization: Bearer token} (null: none). */
    public Api as(String token) {
        return new Api(base, paymentSecret, token);
    }

    public record Reply(int status, byte[] bytes, HttpResponse<byte[]> raw) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(bytes);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The JSON body when the status is the expected one; otherwise fails with the problem body. */
        public JsonNode expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + " but got " + status + ": " + text());
            }
            return json();
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply put(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    public Reply post(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Confirms a payment the way a payment provider does: order-service's signed callback, signed with the
     * secret order-service was given.
     */
    public Reply pay(String orderId, String paymentId, long amount) {
        String json = JSON.writeValueAsString(Map.of("orderId", orderId, "paymentId", paymentId, "amount", amount));
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String signature = new PaymentSignature(paymentSecret, Duration.ofMinutes(5))
                .sign(body, Instant.now());
        return send(HttpRequest.newBuilder(URI.create(base + "/payments/callbacks"))
                .header("Content-Type", "application/json").header(PaymentSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private Reply send(HttpRequest.Builder b) {
        if (token != null) {
            b.setHeader("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
