package io.storecast.attribution.application;

import io.storecast.platform.messaging.NotYetKnownException;
import io.storecast.platform.messaging.TopicEnds;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a payment waits for store-distribution's facts: until this instance's memory holds what the reference topics
 * held when it occurred, an answer asked before the payment occurred never standing for it.
 */
class ReferenceCatchUpTest {

    private static final TopicPartition LINKS = new TopicPartition("storecast.links.v1", 0);
    private static final Duration WAIT = Duration.ofMillis(50);

    private final MovableClock clock = new MovableClock(1_000);
    private final CountingEnds ends = new CountingEnds();
    private final ReferenceViews views = new ReferenceViews(null);
    private final ReferenceCatchUp catchUp = new ReferenceCatchUp(views, ends, clock);

    @AfterEach
    void close() {
        ends.close();
    }

    @Test
    void an_answer_is_used_only_for_payments_that_occurred_before_it_was_asked() {
        views.readableFrom(LINKS, 5);           // every link up to the topic's end is in memory

        assertThat(catchUp.await("o1", 990, WAIT)).isNull();
        assertThat(ends.asked).isEqualTo(1);    // no answer yet: asked at 1,000

        clock.at(1_020);
        assertThat(catchUp.await("o2", 1_000, WAIT)).isNull();
        assertThat(ends.asked).isEqualTo(1);    // occurred by 1,000: that answer holds it

        assertThat(catchUp.await("o3", 1_001, WAIT)).isNull();
        assertThat(ends.asked).isEqualTo(2);    // occurred after it: asked anew, at 1,020

        assertThat(catchUp.await("o4", 1_015, WAIT)).isNull();
        assertThat(ends.asked).isEqualTo(2);
    }

    @Test
    void a_payment_whose_links_are_not_all_in_memory_waits_and_says_for_which() {
        views.readableFrom(LINKS, 4);           // the topic ends at 5: one link still on its way

        NotYetKnownException waiting = catchUp.await("o1", 990, WAIT);

        assertThat(waiting).isNotNull();
        assertThat(waiting.getMessage()).isEqualTo("order o1 waits for store-distribution's facts on ["
                + LINKS + "]");
    }

    @Test
    void a_payment_the_broker_does_not_answer_for_says_why_it_waits() {
        ends.silent = true;

        assertThat(catchUp.await("o1", 990, WAIT).getMessage()).isEqualTo("order o1 waits: broker silent");
    }

    /** The broker's answer: the links topic starts at 0 and ends at 5; every asking of the ends counted. */
    private static final class CountingEnds extends TopicEnds {

        int asked;
        boolean silent;

        CountingEnds() {
            super(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"));     // never connected to
        }

        @Override
        public Map<TopicPartition, Long> ends(Collection<String> topics) {
            asked++;
            if (silent) {
                throw new IllegalStateException("broker silent");
            }
            return Map.of(LINKS, 5L);
        }

        @Override
        public Map<TopicPartition, Long> starts(Set<TopicPartition> of) {
            return Map.of(LINKS, 0L);            // retention has deleted nothing
        }
    }

    private static final class MovableClock extends Clock {

        private long millis;

        MovableClock(long millis) {
            this.millis = millis;
        }

        void at(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
