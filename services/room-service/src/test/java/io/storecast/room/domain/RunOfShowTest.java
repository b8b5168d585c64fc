package io.storecast.room.domain;

import io.storecast.room.domain.RunOfShow.Rule;
import io.storecast.room.domain.RunOfShow.Warning;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunOfShowTest {

    private static LineupItem product(String sku, int seconds) {
        return new LineupItem(sku, LineupItem.Kind.PRODUCT, sku, seconds);
    }

    private static LineupItem lottery(int seconds) {
        return new LineupItem("lot" + seconds, LineupItem.Kind.LOTTERY, null, seconds);
    }

    @Test
    void a_lineup_that_keeps_the_3_3_2_rhythm_has_no_warning() {
        assertThat(RunOfShow.check(List.of(product("A", 180), product("B", 90), product("C", 120), lottery(120),
                product("D", 60), product("E", 60), product("F", 60)))).isEmpty();
        assertThat(RunOfShow.check(List.of())).isEmpty();
    }

    @Test
    void a_product_slot_over_3_minutes_is_named_by_position() {
        assertThat(RunOfShow.check(List.of(product("A", 60), product("B", 181))))
                .extracting(Warning::rule, Warning::positions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Rule.PRODUCT_SLOT_OVER_3_MINUTES, List.of(2)));
    }

    @Test
    void more_than_3_products_without_a_break_names_the_whole_run() {
        List<Warning> w = RunOfShow.check(List.of(product("A", 60), product("B", 60), product("C", 60),
                product("D", 60), lottery(150), product("E", 60), product("F", 60), product("G", 60),
                product("H", 60), product("I", 60)));
        assertThat(w).extracting(Warning::rule, Warning::positions).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Rule.OVER_3_PRODUCTS_WITHOUT_BREAK, List.of(1, 2, 3, 4)),
                org.assertj.core.groups.Tuple.tuple(Rule.OVER_3_PRODUCTS_WITHOUT_BREAK, List.of(6, 7, 8, 9, 10)));
        assertThat(w.getFirst().message()).isEqualTo("positions [1, 2, 3, 4] are 4 products in a row; break them up"
                + " with a lottery or game of at least 120 s at most every 3 products");
    }

    @Test
    void a_break_under_2_minutes_is_flagged_and_does_not_end_the_run() {
        List<Warning> w = RunOfShow.check(List.of(product("A", 60), product("B", 200), lottery(90),
                product("C", 60), product("D", 60)));
        assertThat(w).extracting(Warning::rule, Warning::positions).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Rule.PRODUCT_SLOT_OVER_3_MINUTES, List.of(2)),
                org.assertj.core.groups.Tuple.tuple(Rule.BREAK_UNDER_2_MINUTES, List.of(3)),
                org.assertj.core.groups.Tuple.tuple(Rule.OVER_3_PRODUCTS_WITHOUT_BREAK, List.of(1, 2, 4, 5)));
    }
}
