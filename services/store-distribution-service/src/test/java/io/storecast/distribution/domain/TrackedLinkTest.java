package io.storecast.distribution.domain;

import io.storecast.distribution.domain.TrackedLink.OwnerType;
import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackedLinkTest {

    private static final Instant T0 = Instant.parse("2026-11-11T12:00:00Z");

    private static TrackedLink link(Instant expiresAt) {
        return new TrackedLink("Ab3dE5gH9kLm", OwnerType.STORE, "store-1", "store-1", "dealer-1", "room-1", null,
                "wechat-group", T0, expiresAt, null);
    }

    @Test
    void the_redirect_adds_ref_as_the_query_string_of_a_plain_watch_url() {
        assertThat(link(null).redirectTarget("https://live.example.com/hq"))
                .isEqualTo("https://live.example.com/hq?ref=Ab3dE5gH9kLm");
    }

    @Test
    void the_redirect_appends_ref_to_an_existing_query_string() {
        assertThat(link(null).redirectTarget("https://live.example.com/watch?room=7"))
                .isEqualTo("https://live.example.com/watch?room=7&ref=Ab3dE5gH9kLm");
        assertThat(link(null).redirectTarget("https://live.example.com/watch?"))
                .isEqualTo("https://live.example.com/watch?ref=Ab3dE5gH9kLm");
    }

    @Test
    void the_redirect_keeps_a_fragment_after_the_query_string() {
        assertThat(link(null).redirectTarget("https://live.example.com/watch?room=7#player"))
                .isEqualTo("https://live.example.com/watch?room=7&ref=Ab3dE5gH9kLm#player");
    }

    @Test
    void a_link_expires_at_its_expiry_instant_and_one_without_expiry_never_does() {
        TrackedLink expiring = link(T0.plusSeconds(60));
        assertThat(expiring.isExpiredAt(T0.plusSeconds(59))).isFalse();
        assertThat(expiring.isExpiredAt(T0.plusSeconds(60))).isTrue();
        assertThat(expiring.isExpiredAt(T0.plusSeconds(61))).isTrue();
        assertThat(link(null).isExpiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void share_and_qr_urls_are_built_from_the_public_base_url() {
        assertThat(link(null).shareUrl("https://go.example.com/")).isEqualTo("https://go.example.com/l/Ab3dE5gH9kLm");
        assertThat(link(null).qrPngUrl("https://go.example.com"))
                .isEqualTo("https://go.example.com/links/Ab3dE5gH9kLm/qr.png");
    }

    @Test
    void a_link_needs_a_channel_and_only_a_dealer_link_has_no_store() {
        assertThatThrownBy(() -> new TrackedLink("Ab3dE5gH9kLm", OwnerType.STAFF, "staff-1", "store-1", null,
                "room-1", null, " ", T0, null, null))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("channel"));
        assertThat(new TrackedLink("Ab3dE5gH9kLm", OwnerType.DEALER, "dealer-1", null, "dealer-1", "room-1", null,
                "moments", T0, null, null).dealerId()).isEqualTo("dealer-1");
        assertThatThrownBy(() -> new TrackedLink("Ab3dE5gH9kLm", OwnerType.STORE, "store-1", null, null, "room-1",
                null, "poster", T0, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void what_following_a_link_does_revoked_beats_expired_beats_an_inactive_owner() {
        TrackedLink expiring = link(T0.plusSeconds(60));
        assertThat(expiring.stateAt(T0, true)).isEqualTo(TrackedLink.State.ACTIVE);
        assertThat(expiring.stateAt(T0, false)).isEqualTo(TrackedLink.State.OWNER_INACTIVE);
        assertThat(expiring.stateAt(T0.plusSeconds(60), false)).isEqualTo(TrackedLink.State.EXPIRED);
        TrackedLink revoked = expiring.revoke(T0.plusSeconds(10));
        assertThat(revoked.stateAt(T0.plusSeconds(9), true)).isEqualTo(TrackedLink.State.ACTIVE);
        assertThat(revoked.stateAt(T0.plusSeconds(10), true)).isEqualTo(TrackedLink.State.REVOKED);
        assertThat(revoked.stateAt(T0.plusSeconds(99), false)).isEqualTo(TrackedLink.State.REVOKED);
        assertThat(revoked.revoke(T0.plusSeconds(50)).revokedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void a_visitor_counts_once_per_link_per_clock_hour() {
        Instant h = Instant.parse("2026-11-11T12:00:00Z");
        assertThat(ClickVisit.visitKey("Ab3dE5gH9kLm", "v1", h)).isEqualTo(ClickVisit.visitKey("Ab3dE5gH9kLm", "v1",
                h.plusSeconds(3599)));
        assertThat(ClickVisit.visitKey("Ab3dE5gH9kLm", "v1", h.plusSeconds(3600))).isNotEqualTo(
                ClickVisit.visitKey("Ab3dE5gH9kLm", "v1", h.plusSeconds(3599)));
        assertThat(ClickVisit.visitKey("Ab3dE5gH9kLm", "v2", h)).isNotEqualTo(ClickVisit.visitKey("Ab3dE5gH9kLm", "v1", h));
        assertThat(ClickVisit.hourOf(h.plusSeconds(3599))).isEqualTo(h);
        // keys start with the hour and sort by time, so whole past hours drop as one key range
        assertThat(ClickVisit.visitKey("Ab3dE5gH9kLm", "v1", h)).isEqualTo("0000498444:v:Ab3dE5gH9kLm:v1");
        assertThat(ClickVisit.clickKey("c1", h.plusSeconds(3600))).isEqualTo("0000498445:c:c1");
        assertThat(ClickVisit.countKey("Ab3dE5gH9kLm", h)).isEqualTo("Ab3dE5gH9kLm:0000498444");
        assertThat(ClickVisit.hourKey(Instant.parse("1999-01-01T00:00:00Z")))
                .isLessThan(ClickVisit.hourKey(Instant.parse("2026-11-11T12:00:00Z")));
    }

    @Test
    void a_token_bucket_allows_a_burst_then_the_refill_rate() {
        TokenBucket b = new TokenBucket(2, 3, 0);
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isFalse();
        assertThat(b.tryTake(499_000_000)).isFalse();     // 0.998 tokens refilled
        assertThat(b.tryTake(500_000_000)).isTrue();      // 1 token after half a second at 2/s
        assertThat(b.tryTake(10_000_000_000L)).isTrue();  // refill caps at the burst of 3
        assertThat(b.tryTake(10_000_000_000L)).isTrue();
        assertThat(b.tryTake(10_000_000_000L)).isTrue();
        assertThat(b.tryTake(10_000_000_000L)).isFalse();
    }

    @Test
    void only_absolute_http_urls_are_redirect_targets() {
        assertThat(WatchUrl.isSafeRedirectTarget("https://live.example.com/hq")).isTrue();
        assertThat(WatchUrl.isSafeRedirectTarget("http://127.0.0.1:8080/w?x=1")).isTrue();
        assertThat(WatchUrl.isSafeRedirectTarget("javascript:alert(1)")).isFalse();
        assertThat(WatchUrl.isSafeRedirectTarget("//evil.example.com/")).isFalse();
        assertThat(WatchUrl.isSafeRedirectTarget("/relative")).isFalse();
        assertThat(WatchUrl.isSafeRedirectTarget(null)).isFalse();
    }

    @Test
    void the_ip_hash_is_the_hex_sha256_of_salt_then_address() {
        // given salt "pepper" and address 127.0.0.1; expected: printf 'pepper127.0.0.1' | sha256sum
        assertThat(ClickFingerprint.ipHash("pepper", "127.0.0.1"))
                .isEqualTo("ed99cd75414fa22ef345774bf82b63c70c17792db94b027d329083f261261947");
    }
}
