package io.storecast.distribution.domain;

import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {

    private static Store nanjingRoad() {
        return Store.open("store-1", "SH-001", "Nanjing Road", "Shanghai", 31.2354, 121.4752, "dealer-1");
    }

    private static void refused(Runnable action, String field, int status) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    @Test
    void a_new_store_is_active_with_everything_it_was_given() {
        Store s = nanjingRoad();

        assertThat(s).isEqualTo(new Store("store-1", "SH-001", "Nanjing Road", "Shanghai", 31.2354, 121.4752,
                "dealer-1", true));
    }

    @Test
    void blank_city_and_dealer_mean_none() {
        Store s = Store.open("store-2", "HQ-1", "Flagship", " ", null, null, "");

        assertThat(s.city()).isNull();
        assertThat(s.dealerId()).isNull();
        assertThat(s.latitude()).isNull();
        assertThat(s.longitude()).isNull();
    }

    @Test
    void coordinates_on_the_edges_of_the_globe_are_accepted() {
        Store s = Store.open("store-3", "X-1", "Edge", null, -90.0, 180.0, null);

        assertThat(s.latitude()).isEqualTo(-90.0);
        assertThat(s.longitude()).isEqualTo(180.0);
        assertThat(Store.open("store-4", "X-2", "Edge", null, 90.0, -180.0, null).longitude()).isEqualTo(-180.0);
    }

    @Test
    void coordinates_off_the_globe_are_refused_naming_the_coordinate() {
        refused(() -> Store.open("s", "C", "N", null, 90.0001, 0.0, null), "latitude", 422);
        refused(() -> Store.open("s", "C", "N", null, -91.0, 0.0, null), "latitude", 422);
        refused(() -> Store.open("s", "C", "N", null, Double.NaN, 0.0, null), "latitude", 422);
        refused(() -> Store.open("s", "C", "N", null, 0.0, 180.5, null), "longitude", 422);
        refused(() -> Store.open("s", "C", "N", null, 0.0, -181.0, null), "longitude", 422);
    }

    @Test
    void latitude_and_longitude_come_together_or_not_at_all() {
        refused(() -> Store.open("s", "C", "N", null, 31.2, null, null), "latitude", 422);
        refused(() -> Store.open("s", "C", "N", null, null, 121.4, null), "latitude", 422);
    }

    @Test
    void code_and_name_are_required() {
        refused(() -> Store.open("s", " ", "N", null, null, null, null), "code", 400);
        refused(() -> Store.open("s", "C", null, null, null, null, null), "name", 400);
    }

    @Test
    void an_edit_replaces_every_detail_and_keeps_the_id_and_the_active_flag() {
        Store closed = nanjingRoad().deactivate();

        Store edited = closed.edit("SH-002", "People's Square", null, null, null, null);

        assertThat(edited).isEqualTo(new Store("store-1", "SH-002", "People's Square", null, null, null, null,
                false));
    }

    @Test
    void an_edit_is_validated_like_a_new_store() {
        refused(() -> nanjingRoad().edit("SH-001", "Nanjing Road", null, 100.0, 0.0, null), "latitude", 422);
    }

    @Test
    void deactivating_and_activating_flip_only_the_active_flag_and_repeat_as_no_change() {
        Store open = nanjingRoad();

        Store closed = open.deactivate();

        assertThat(closed.active()).isFalse();
        assertThat(closed.activate()).isEqualTo(open);
        assertThat(closed.deactivate()).isEqualTo(closed);
        assertThat(open.activate()).isEqualTo(open);
    }
}
