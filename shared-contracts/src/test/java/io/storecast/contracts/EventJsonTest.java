package io.storecast.contracts;

import io.storecast.contracts.network.StoreRegistered;
import org.junit.jupiter.api.Test;
import tools.jackson.core.TokenStreamFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How event JSON is read: from its UTF-8 bytes, names through the shared table. */
class EventJsonTest {

    @Test
    void names_are_read_through_the_shared_table_so_json_is_parsed_from_its_bytes() {
        // with this off, Jackson decodes every payload to characters first and copies each name it reads
        // (docs/performance.md, "The store's pauses, and JSON read from its bytes")
        assertThat(EventJson.mapper().tokenStreamFactory()
                .isEnabled(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)).isTrue();
    }

    @Test
    void chinese_text_and_unknown_names_read_from_bytes_as_written() {
        String json = "{\"storeId\":\"s-7\",\"code\":\"PS-7\",\"name\":\"压测门店 7 号\",\"dealerId\":\"d-1\","
                + "\"registeredAt\":\"2026-12-07T04:20:00Z\",\"openedBy\":\"a name this reader does not know\","
                + "\"city\":\"上海\"}";
        StoreRegistered read = EventJson.read(json.getBytes(StandardCharsets.UTF_8), StoreRegistered.class);
        assertThat(read).isEqualTo(new StoreRegistered("s-7", "PS-7", "压测门店 7 号", "d-1",
                Instant.parse("2026-12-07T04:20:00Z"), "上海", null, null));
        // the same names again, in another order, through the table the first read filled
        String again = "{\"city\":\"杭州\",\"name\":\"门店 8\",\"storeId\":\"s-8\",\"code\":\"PS-8\","
                + "\"registeredAt\":\"2026-12-07T04:21:00Z\"}";
        assertThat(EventJson.read(again.getBytes(StandardCharsets.UTF_8), StoreRegistered.class))
                .isEqualTo(new StoreRegistered("s-8", "PS-8", "门店 8", null, Instant.parse("2026-12-07T04:21:00Z"),
                        "杭州", null, null));
        assertThat(new String(EventJson.write(read), StandardCharsets.UTF_8)).isEqualTo("{\"storeId\":\"s-7\","
                + "\"code\":\"PS-7\",\"name\":\"压测门店 7 号\",\"dealerId\":\"d-1\","
                + "\"registeredAt\":\"2026-12-07T04:20:00Z\",\"city\":\"上海\"}");
    }
}
