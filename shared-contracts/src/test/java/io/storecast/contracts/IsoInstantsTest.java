package io.storecast.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

    record Stamped(Instant at) {
    }

    @Test
    void writes_exactly_what_instant_to_string_writes_and_reads_it_back_for_instants_across_ten_thousand_years() {
        Random random = new Random(11);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first + 1));
            int nanos = switch (i % 4) {        // no fraction, milli-, micro- and nanosecond precision
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            String text = IsoInstants.format(at);
            assertThat(text).isEqualTo(at.toString());
            assertThat(IsoInstants.parse(text)).isEqualTo(at);
        }
    }

    @Test
    void edges_of_days_months_and_leap_years_read_as_java_time_reads_them() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2024-02-29T12:00:00.5Z", "2026-12-31T23:59:59.12Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "2026-12-06T01:39:34.593Z", "2026-12-06T01:39:34.593123Z"}) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void other_forms_are_left_to_jacksons_own_reader_and_what_is_no_instant_is_still_refused() {
        for (String other : new String[] {"2026-02-30T00:00:00Z", "2026-12-06T24:00:00Z", "2026-12-06T01:39:34.Z",
                "2026-12-06T01:39:34.1234567890Z", "2026-12-06T01:39:34+08:00", "+10000-01-01T00:00:00Z",
                "2026-12-06 01:39:34Z", "2026-1x-06T01:39:34Z"}) {
            assertThat(IsoInstants.parse(other)).as(other).isNull();
        }
        // an offset (accepted by Jackson's reader before this codec) still is, through it
        assertThat(EventJson.read(json("2026-12-06T09:39:34.5+08:00"), Stamped.class).at())
                .isEqualTo(Instant.parse("2026-12-06T01:39:34.5Z"));
        assertThat(EventJson.read(json("+10000-01-01T00:00:00Z"), Stamped.class).at())
                .isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
        assertThatThrownBy(() -> EventJson.read(json("2026-02-30T00:00:00Z"), Stamped.class))
                .hasMessageContaining("2026-02-30");
    }

    @Test
    void a_header_time_in_another_form_is_read_as_java_time_reads_it() {
        assertThat(IsoInstants.read("2026-12-06T01:39:34.593Z")).isEqualTo(Instant.parse("2026-12-06T01:39:34.593Z"));
        assertThat(IsoInstants.read("2026-12-06T09:39:34+08:00")).isEqualTo(Instant.parse("2026-12-06T01:39:34Z"));
        assertThatThrownBy(() -> IsoInstants.read("2026-12-06")).isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @Test
    void event_jsons_mapper_has_it() {
        // the text is the same either way: what shows that the fast path is the one taken is the mapper's set-up
        assertThat(EventJson.mapper().registeredModules()).extracting(m -> m.getModuleName())
                .contains("iso-instants");
    }

    @Test
    void event_json_writes_and_reads_instants_through_it() {
        Instant at = Instant.parse("2026-12-06T01:39:34.593123Z");
        assertThat(new String(EventJson.write(new Stamped(at)), StandardCharsets.UTF_8))
                .isEqualTo("{\"at\":\"2026-12-06T01:39:34.593123Z\"}");
        assertThat(EventJson.read(json("2026-12-06T01:39:34.593123Z"), Stamped.class).at()).isEqualTo(at);
    }

    private static byte[] json(String at) {
        return ("{\"at\":\"" + at + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
