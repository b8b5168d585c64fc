package io.storecast.distribution.domain;

import io.storecast.distribution.domain.CommissionPlan.Rates;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommissionPlanTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
    private static final Rates DEFAULT = new Rates(300, 100, 50, 200);

    private static void assertInvalid(Runnable r, String field) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.status()).isEqualTo(422);
        });
    }

    @Test
    void the_first_plan_is_version_1_in_cny_by_default() {
        // when
        CommissionPlan plan = CommissionPlan.next(null, JAN, null, Map.of("*", DEFAULT));
        // then
        assertThat(plan.planVersion()).isEqualTo(1);
        assertThat(plan.effectiveFrom()).isEqualTo(JAN);
        assertThat(plan.currency()).isEqualTo("CNY");
        assertThat(plan.rates()).containsExactly(Map.entry("*", DEFAULT));
    }

    @Test
    void the_next_plan_takes_the_next_version_and_must_start_strictly_later() {
        // given
        CommissionPlan first = CommissionPlan.next(null, JAN, "CNY", Map.of("*", DEFAULT));
        // when
        CommissionPlan second = CommissionPlan.next(first, FEB, "USD",
                Map.of("*", DEFAULT, "appliances", new Rates(500, 0, 100, 300)));
        // then
        assertThat(second.planVersion()).isEqualTo(2);
        assertThat(second.currency()).isEqualTo("USD");
        assertThat(second.rates()).containsOnlyKeys("*", "appliances");
        assertThatThrownBy(() -> CommissionPlan.next(second, FEB, null, Map.of("*", DEFAULT)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("effectiveFrom"));
        assertThatThrownBy(() -> CommissionPlan.next(second, JAN, null, Map.of("*", DEFAULT)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("effectiveFrom"));
    }

    @Test
    void a_category_is_a_plain_name_never_something_a_store_could_misread() {
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, Map.of("*", DEFAULT, "home.appliance", DEFAULT)),
                "rates");
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, Map.of("*", DEFAULT, "$where", DEFAULT)), "rates");
        assertThat(CommissionPlan.next(null, JAN, null, Map.of("*", DEFAULT, "home_appliance-2", DEFAULT)).rates())
                .containsKey("home_appliance-2");
    }

    @Test
    void the_default_category_is_required() {
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, Map.of("appliances", DEFAULT)), "rates");
    }

    @Test
    void each_rate_is_between_0_and_10000_bps() {
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, Map.of("*", new Rates(-1, 0, 0, 0))),
                "rates.*.trafficBps");
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, Map.of("*", new Rates(0, 10_001, 0, 0))),
                "rates.*.staffBonusBps");
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, Map.of("*", DEFAULT, "tv", new Rates(0, 0, -5, 0))),
                "rates.tv.dealerOverrideBps");
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, Map.of("*", new Rates(0, 0, 0, 20_000))),
                "rates.*.fulfilmentBps");
    }

    @Test
    void the_four_rates_of_a_category_add_up_to_at_most_10000_bps() {
        // exactly 100% is allowed
        assertThat(CommissionPlan.next(null, JAN, null, Map.of("*", new Rates(2500, 2500, 2500, 2500)))
                .rates().get("*").total()).isEqualTo(10_000);
        Map<String, Rates> tooMuch = new LinkedHashMap<>();
        tooMuch.put("*", DEFAULT);
        tooMuch.put("tv", new Rates(4000, 3000, 2000, 1001));
        assertInvalid(() -> CommissionPlan.next(null, JAN, null, tooMuch), "rates.tv");
    }

    @Test
    void the_currency_is_three_upper_case_letters() {
        assertInvalid(() -> CommissionPlan.next(null, JAN, "cny", Map.of("*", DEFAULT)), "currency");
        assertInvalid(() -> CommissionPlan.next(null, JAN, "YUAN", Map.of("*", DEFAULT)), "currency");
    }
}
