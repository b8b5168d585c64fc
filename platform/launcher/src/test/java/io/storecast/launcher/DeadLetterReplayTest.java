package io.storecast.launcher;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a dead letter goes back to. (The replay itself: {@link EndToEndTest}, against the running stack.) */
class DeadLetterReplayTest {

    @Test
    void spring_kafkas_header_names_the_original_topic_when_there_is_one() {
        assertThat(DeadLetterReplay.originalTopic("storecast.links.v1.room-service.dlt",
                new RecordHeader("kafka_dlt-original-topic", "storecast.links.v1".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("storecast.links.v1");
    }

    @Test
    void else_the_name_before_the_group_does_topics_may_have_dots_groups_have_none() {
        assertThat(DeadLetterReplay.originalTopic("storecast.orders.v1.attribution-service-decisions.dlt", null))
                .isEqualTo("storecast.orders.v1");
        assertThat(DeadLetterReplay.originalTopic(
                "attribution-service-decisions-adjustments.attribution-service-decisions.dlt", null))
                .isEqualTo("attribution-service-decisions-adjustments");
    }

    @Test
    void a_topic_that_is_not_a_dead_letter_topic_is_refused() {
        assertThatThrownBy(() -> DeadLetterReplay.originalTopic("storecast.orders.v1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storecast.orders.v1 is not a dead-letter topic (<topic>.<group>.dlt)");
        assertThatThrownBy(() -> DeadLetterReplay.originalTopic("orders.dlt", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
