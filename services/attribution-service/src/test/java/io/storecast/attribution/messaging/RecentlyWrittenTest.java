package io.storecast.attribution.messaging;

import io.storecast.attribution.persistence.AttributionDocuments.ShippingDoc;
import io.storecast.contracts.EventJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A kept object stands in for its JSON only while the store hands back the very array it was written as. */
class RecentlyWrittenTest {

    private final ShippingDoc shipping = new ShippingDoc("o-1", "STORE", "s-42");
    private final byte[] json = EventJson.write(shipping);

    @Test
    void the_object_written_is_taken_for_the_very_array_it_was_written_as_once() {
        RecentlyWritten recent = new RecentlyWritten(16);
        recent.keep("c-1|o-1", json, shipping);

        assertThat(recent.take("c-1|o-1", json, ShippingDoc.class)).isSameAs(shipping);
        ShippingDoc again = recent.take("c-1|o-1", json, ShippingDoc.class);
        assertThat(again).isNotSameAs(shipping).isEqualTo(shipping);
        assertThat(recent.size()).isZero();
    }

    @Test
    void another_array_is_read_from_its_json_even_with_the_same_bytes() {
        RecentlyWritten recent = new RecentlyWritten(16);
        recent.keep("c-1|o-1", json, shipping);
        byte[] fromDisk = json.clone();     // what the store reads back once its cache has let the entry go

        ShippingDoc read = recent.take("c-1|o-1", fromDisk, ShippingDoc.class);

        assertThat(read).isNotSameAs(shipping).isEqualTo(new ShippingDoc("o-1", "STORE", "s-42"));
    }

    @Test
    void a_newer_value_written_under_the_key_is_read_not_the_object_kept_for_an_older_one() {
        RecentlyWritten recent = new RecentlyWritten(16);
        recent.keep("c-1|o-1", json, shipping);
        byte[] newer = EventJson.write(new ShippingDoc("o-1", "HQ_WAREHOUSE", null));

        assertThat(recent.take("c-1|o-1", newer, ShippingDoc.class))
                .isEqualTo(new ShippingDoc("o-1", "HQ_WAREHOUSE", null));
    }

    @Test
    void at_most_the_given_number_are_kept_the_oldest_dropped_first() {
        RecentlyWritten recent = new RecentlyWritten(2);
        byte[] second = EventJson.write(new ShippingDoc("o-2", "STORE", "s-7"));
        byte[] third = EventJson.write(new ShippingDoc("o-3", "STORE", "s-8"));
        recent.keep("c-1|o-1", json, shipping);
        recent.keep("c-2|o-2", second, new ShippingDoc("o-2", "STORE", "s-7"));
        recent.keep("c-3|o-3", third, new ShippingDoc("o-3", "STORE", "s-8"));

        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.take("c-1|o-1", json, ShippingDoc.class)).isNotSameAs(shipping).isEqualTo(shipping);
    }
}
