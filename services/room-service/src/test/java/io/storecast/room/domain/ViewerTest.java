package io.storecast.room.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ViewerTest {

    static final Instant T0 = Instant.parse("2026-11-11T12:00:00Z");

    @Test
    void joining_twice_is_one_viewer_and_leaving_and_coming_back_adds_the_stints() {
        Viewer.Change first = Viewer.firstJoin("s1", "c1", "e1", T0, "RefA");
        assertThat(first).extracting(Viewer.Change::newViewers, Viewer.Change::concurrentDelta, Viewer.Change::newRef)
                .containsExactly(1, 1, "RefA");
        Viewer.Change again = first.viewer().join("e2", T0.plusSeconds(90), "RefB");     // a second link, still watching
        assertThat(again).extracting(Viewer.Change::newViewers, Viewer.Change::concurrentDelta, Viewer.Change::newRef)
                .containsExactly(0, 0, "RefB");
        Viewer.Change left = again.viewer().depart("e3", T0.plusSeconds(120));
        assertThat(left.concurrentDelta()).isEqualTo(-1);
        assertThat(left.viewer().watchedSeconds(T0.plusSeconds(5000), null)).isEqualTo(120);
        Viewer.Change back = left.viewer().join("e4", T0.plusSeconds(720), "RefA");
        assertThat(back).extracting(Viewer.Change::newViewers, Viewer.Change::concurrentDelta, Viewer.Change::newRef)
                .containsExactly(0, 1, null);
        assertThat(back.viewer().watchedSeconds(T0.plusSeconds(730), null)).isEqualTo(130);
        // a current stint counts only until the session ended
        assertThat(back.viewer().watchedSeconds(T0.plusSeconds(9000), T0.plusSeconds(760))).isEqualTo(160);
        assertThat(back.viewer().refs()).containsExactly("RefA", "RefB");
    }

    @Test
    void a_redelivered_event_changes_nothing_and_a_second_leave_counts_nothing() {
        Viewer v = Viewer.firstJoin("s1", "c1", "e1", T0, null).viewer();
        assertThat(v.join("e1", T0, null).changed()).isFalse();
        Viewer left = v.depart("e2", T0.plusSeconds(30)).viewer();
        assertThat(left.join("e1", T0, null).changed()).isFalse();          // the old join again: still gone
        assertThat(left.depart("e2", T0.plusSeconds(30)).changed()).isFalse();
        Viewer.Change twice = left.depart("e3", T0.plusSeconds(60));
        assertThat(twice.concurrentDelta()).isZero();
        assertThat(twice.viewer().watchedSeconds(T0.plusSeconds(99), null)).isEqualTo(30);
    }
}
