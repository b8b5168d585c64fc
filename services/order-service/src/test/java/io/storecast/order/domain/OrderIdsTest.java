package io.storecast.order.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIdsTest {

    @Test
    void the_same_checkout_always_gets_the_same_id_and_different_ones_never_meet() {
        assertThat(OrderIds.of("c1", "k1")).isEqualTo(OrderIds.of("c1", "k1")).startsWith("ord-").hasSize(36);
        assertThat(OrderIds.of("c1", "k1")).isNotEqualTo(OrderIds.of("c2", "k1"));
        assertThat(OrderIds.of("a:b", "c")).isNotEqualTo(OrderIds.of("a", "b:c"));
    }
}
