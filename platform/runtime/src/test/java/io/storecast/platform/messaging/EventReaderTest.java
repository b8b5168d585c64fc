package io.storecast.platform.messaging;

import io.storecast.contracts.CloudEventHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a record's CloudEvents headers without parsing the record. */
class EventReaderTest {

    @Test
    void a_headers_text_is_its_last_value_and_null_when_the_record_has_none() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "first".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.ID, "订单-2".getBytes(StandardCharsets.UTF_8));

        assertThat(EventReader.text(headers, CloudEventHeaders.ID)).isEqualTo("订单-2");
        assertThat(EventReader.text(headers, CloudEventHeaders.TYPE)).isNull();
    }

    @Test
    void a_record_is_passed_by_only_when_it_names_a_type_not_wanted() {
        RecordHeaders paid = new RecordHeaders();
        paid.add(CloudEventHeaders.TYPE, "OrderPaid".getBytes(StandardCharsets.UTF_8));

        assertThat(EventReader.namesNoneOf(paid, Set.of("OrderPlaced"))).isTrue();
        assertThat(EventReader.namesNoneOf(paid, Set.of("OrderPlaced", "OrderPaid"))).isFalse();
        // without a type it is left to read(), which dead-letters it
        assertThat(EventReader.namesNoneOf(new RecordHeaders(), Set.of("OrderPlaced"))).isFalse();
    }
}
