package io.storecast.distribution.domain;

import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DealerTest {

    @Test
    void a_new_dealer_is_active() {
        assertThat(Dealer.register("dealer-1", "D-EAST", "East dealer"))
                .isEqualTo(new Dealer("dealer-1", "D-EAST", "East dealer", true));
    }

    @Test
    void an_edit_replaces_code_and_name_and_keeps_the_active_flag() {
        Dealer closed = Dealer.register("dealer-1", "D-EAST", "East dealer").deactivate();

        assertThat(closed.edit("D-EAST-2", "East China dealer"))
                .isEqualTo(new Dealer("dealer-1", "D-EAST-2", "East China dealer", false));
    }

    @Test
    void deactivating_twice_is_no_change() {
        Dealer closed = Dealer.register("dealer-1", "D-EAST", "East dealer").deactivate();

        assertThat(closed.active()).isFalse();
        assertThat(closed.deactivate()).isEqualTo(closed);
        assertThat(closed.activate()).isEqualTo(new Dealer("dealer-1", "D-EAST", "East dealer", true));
    }

    @Test
    void code_and_name_are_required() {
        assertThatThrownBy(() -> Dealer.register("dealer-1", "", "East"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThatThrownBy(() -> Dealer.register("dealer-1", "D", "East").edit("D", " "))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }
}
