package io.storecast.room.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.room.domain.BroadcastSession.Segment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BroadcastSessionTest {

    static final Instant T0 = Instant.parse("2026-11-11T12:00:00Z");

    static final List<LineupItem> LINEUP = List.of(new LineupItem("a", LineupItem.Kind.PRODUCT, "SKU-A", 120),
            new LineupItem("b", LineupItem.Kind.PRODUCT, "SKU-B", 150),
            new LineupItem("g", LineupItem.Kind.GAME, null, 120));

    private static BroadcastSession scheduled() {
        return BroadcastSession.schedule("s1", "r1", "Autumn drop", T0).withLineup(LINEUP);
    }

    @Test
    void a_session_goes_scheduled_live_ended_and_nothing_else() {
        BroadcastSession s = scheduled();
        assertThatThrownBy(() -> s.end(T0)).isInstanceOf(ConflictException.class)
                .hasMessage("session s1 is SCHEDULED; only a LIVE session can end");
        BroadcastSession live = s.start(T0.plusSeconds(5));
        assertThat(live.status()).isEqualTo(BroadcastSession.Status.LIVE);
        assertThat(live.startedAt()).isEqualTo(T0.plusSeconds(5));
        assertThatThrownBy(() -> live.start(T0)).isInstanceOf(ConflictException.class)
                .hasMessage("session s1 is LIVE; only a SCHEDULED session can start");
        BroadcastSession ended = live.end(T0.plusSeconds(3600));
        assertThat(ended.status()).isEqualTo(BroadcastSession.Status.ENDED);
        assertThat(ended.endedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThatThrownBy(() -> ended.start(T0)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> ended.end(T0)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> ended.requireLive("joining")).isInstanceOf(ConflictException.class)
                .hasMessage("session s1 is ENDED; joining needs it LIVE");
        assertThatThrownBy(() -> ended.withLineup(LINEUP)).isInstanceOf(ConflictException.class);
    }

    @Test
    void the_lineup_is_reordered_by_slot_id_before_and_during_the_broadcast() {
        BroadcastSession s = scheduled().reorder(List.of("g", "a", "b"));
        assertThat(s.lineup()).extracting(LineupItem::id).containsExactly("g", "a", "b");
        BroadcastSession live = s.start(T0).reorder(List.of("b", "g", "a"));
        assertThat(live.lineup()).extracting(LineupItem::id).containsExactly("b", "g", "a");
        for (List<String> bad : List.of(List.of("a", "b"), List.of("a", "b", "b"), List.of("a", "b", "x"),
                List.of("a", "b", "g", "g"))) {
            assertThatThrownBy(() -> live.reorder(bad)).as(bad.toString()).isInstanceOf(InvalidFieldException.class)
                    .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("order");
        }
        assertThatThrownBy(() -> scheduled().withLineup(List.of(LINEUP.get(0), LINEUP.get(0))))
                .isInstanceOf(InvalidFieldException.class).hasMessage("slot id a appears twice");
    }

    @Test
    void each_pin_is_a_segment_closed_by_the_next_pin_an_unpin_or_the_end() {
        assertThatThrownBy(() -> scheduled().pin("SKU-A", T0)).isInstanceOf(ConflictException.class);
        BroadcastSession live = scheduled().start(T0);
        assertThatThrownBy(() -> live.pin("SKU-X", T0)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("sku SKU-X is not a product of this session's lineup");
        assertThatThrownBy(() -> live.unpin(T0)).isInstanceOf(ConflictException.class);

        BroadcastSession s = live.pin("SKU-A", T0.plusSeconds(10)).pin("SKU-B", T0.plusSeconds(130))
                .unpin(T0.plusSeconds(280)).pin("SKU-A", T0.plusSeconds(400));
        assertThat(s.pinned()).isEqualTo(new Segment("SKU-A", T0.plusSeconds(400), null));
        BroadcastSession ended = s.end(T0.plusSeconds(500));
        assertThat(ended.pinned()).isNull();
        assertThat(ended.segments()).containsExactly(
                new Segment("SKU-A", T0.plusSeconds(10), T0.plusSeconds(130)),
                new Segment("SKU-B", T0.plusSeconds(130), T0.plusSeconds(280)),
                new Segment("SKU-A", T0.plusSeconds(400), T0.plusSeconds(500)));
    }

    @Test
    void a_slot_says_what_is_wrong_with_it() {
        assertThatThrownBy(() -> new LineupItem("p", LineupItem.Kind.PRODUCT, null, 60))
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("lineup[p].sku");
        assertThatThrownBy(() -> new LineupItem("p", LineupItem.Kind.LOTTERY, "SKU-A", 60))
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("lineup[p].sku");
        assertThatThrownBy(() -> new LineupItem("p", LineupItem.Kind.PRODUCT, "SKU-A", 0))
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("lineup[p].plannedSeconds");
    }
}
