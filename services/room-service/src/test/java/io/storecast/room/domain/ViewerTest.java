package io.storecast.room.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ViewerTest {

    static final Instant T0 = Instant.parse("2026-11-11T12:00:00Z");

    @Test
    void joining_twice_is_one_viewer_and_leaving_and_coming_back_adds_the_stints() {
        Viewer.Change first = Viewer.none("s1", "c1").join("e1", T0, "RefA");
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
        Viewer v = Viewer.none("s1", "c1").join("e1", T0, null).viewer();
        assertThat(v.join("e1", T0, null).changed()).isFalse();
        Viewer left = v.depart("e2", T0.plusSeconds(30)).viewer();
        assertThat(left.join("e1", T0, null).changed()).isFalse();          // the old join again: still gone
        assertThat(left.depart("e2", T0.plusSeconds(30)).changed()).isFalse();
        Viewer.Change twice = left.depart("e3", T0.plusSeconds(60));
        assertThat(twice.concurrentDelta()).isZero();
        assertThat(twice.viewer().watchedSeconds(T0.plusSeconds(99), null)).isEqualTo(30);
    }

    @Test
    void a_late_event_counts_the_viewer_but_does_not_bring_them_back() {
        // the departure arrives first, its join (parked while Kafka was slow) after it
        Viewer.Change gone = Viewer.none("s1", "c1").depart("e2", T0.plusSeconds(40));
        assertThat(gone).extracting(Viewer.Change::newViewers, Viewer.Change::concurrentDelta).containsExactly(0, 0);
        Viewer.Change late = gone.viewer().join("e1", T0, "RefA");
        assertThat(late).extracting(Viewer.Change::newViewers, Viewer.Change::concurrentDelta, Viewer.Change::newRef)
                .containsExactly(1, 0, "RefA");
        assertThat(late.viewer().present()).isFalse();
        // a real return after that departure brings them back
        Viewer.Change back = late.viewer().join("e3", T0.plusSeconds(100), null);
        assertThat(back).extracting(Viewer.Change::newViewers, Viewer.Change::concurrentDelta).containsExactly(0, 1);
        // an old departure from before this stint does not end it
        Viewer.Change stale = back.viewer().depart("e0", T0.plusSeconds(50));
        assertThat(stale.concurrentDelta()).isZero();
        assertThat(stale.viewer().present()).isTrue();
        assertThat(stale.viewer().watchedSeconds(T0.plusSeconds(130), null)).isEqualTo(30);
    }
}
