package io.storecast.room.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BroadcastSessionTest {

    private static final Instant T0 = Instant.parse("2026-11-11T12:00:00Z");

    @Test
    void a_session_goes_scheduled_live_ended_and_no_other_way() {
        BroadcastSession s = BroadcastSession.schedule("s1", "r1", "Double 11", T0);
        assertThat(s.status()).isEqualTo(BroadcastSession.Status.SCHEDULED);
        assertThatThrownBy(() -> s.end(T0)).isInstanceOf(ConflictException.class).hasMessageContaining("SCHEDULED");
        BroadcastSession live = s.start(T0.plusSeconds(60));
        assertThat(live.status()).isEqualTo(BroadcastSession.Status.LIVE);
        assertThat(live.startedAt()).isEqualTo(T0.plusSeconds(60));
        assertThatThrownBy(() -> live.start(T0)).isInstanceOf(ConflictException.class).hasMessageContaining("LIVE");
        BroadcastSession ended = live.end(T0.plusSeconds(3600));
        assertThat(ended.status()).isEqualTo(BroadcastSession.Status.ENDED);
        assertThatThrownBy(ended::requireLive).isInstanceOf(ConflictException.class);
    }

    @Test
    void a_session_needs_a_title() {
        assertThatThrownBy(() -> BroadcastSession.schedule("s1", "r1", " ", T0))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("title"));
    }

    @Test
    void watch_time_is_whole_seconds_and_never_negative() {
        assertThat(WatchTime.seconds(T0, T0.plusMillis(90_999))).isEqualTo(90);
        assertThat(WatchTime.seconds(T0, T0.minusSeconds(5))).isZero();
    }
}
