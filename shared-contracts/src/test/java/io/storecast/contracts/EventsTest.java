package io.storecast.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Looking an event's type up by the name and schema version its headers carry. */
class EventsTest {

    @Test
    void every_type_is_found_by_its_name_and_version_and_nothing_else_is() {
        for (EventType<?> type : Events.ALL) {
            assertThat(Events.find(type.name(), type.version())).as(type.name()).containsSame(type);
        }
        assertThat(Events.find("storecast.orders.order-paid", 1)).containsSame(Events.ORDER_PAID);
        assertThat(Events.find("storecast.orders.order-paid", 2)).as("a version not in the catalog").isEmpty();
        assertThat(Events.find("storecast.orders.order-eaten", 1)).as("a name not in the catalog").isEmpty();
        assertThat(Events.find("storecast.orders.order-paid@1", 1)).isEmpty();
        assertThat(Events.find(null, 1)).as("no type in the headers").isEmpty();
    }
}
