package io.storecast.order.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-11T12:00:00Z");
    private static final byte[] BODY = "{\"orderId\":\"o1\",\"paymentId\":\"p1\",\"amount\":100}"
            .getBytes(StandardCharsets.UTF_8);
    private final PaymentSignature sig = new PaymentSignature("0123456789abcdef-secret", Duration.ofMinutes(5));

    @Test
    void a_signature_verifies_the_exact_body_within_the_tolerance() {
        String header = sig.sign(BODY, NOW);
        assertThat(header).startsWith("t=" + NOW.getEpochSecond() + ",v1=").hasSize(2 + 10 + 4 + 64);
        assertThat(sig.problem(header, BODY, NOW.plusSeconds(299))).isNull();
        assertThat(sig.problem(header, BODY, NOW.plusSeconds(301))).contains("more than 300 s");
        byte[] other = "{\"orderId\":\"o1\",\"paymentId\":\"p1\",\"amount\":101}".getBytes(StandardCharsets.UTF_8);
        assertThat(sig.problem(header, other, NOW)).isEqualTo("the signature does not match the body");
        assertThat(new PaymentSignature("another-secret-0123456", Duration.ofMinutes(5)).problem(header, BODY, NOW))
                .isEqualTo("the signature does not match the body");
    }

    @Test
    void a_missing_or_malformed_header_is_refused() {
        assertThat(sig.problem(null, BODY, NOW)).contains("no Storecast-Signature");
        assertThat(sig.problem("v1=abcd", BODY, NOW)).contains("must be t=");
        assertThat(sig.problem("t=x,v1=zz", BODY, NOW)).contains("malformed");
        assertThat(sig.problem("t=99999999999999999,v1=00", BODY, NOW)).contains("more than 300 s");
        // the time is part of what is signed: moving it breaks the signature
        String moved = sig.sign(BODY, NOW).replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));
        assertThat(sig.problem(moved, BODY, NOW)).isEqualTo("the signature does not match the body");
    }

    @Test
    void a_short_secret_is_refused_at_start() {
        assertThatThrownBy(() -> new PaymentSignature("short", Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 characters");
    }
}
