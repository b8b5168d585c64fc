package io.storecast.order.domain;

import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductTest {

    @Test
    void a_price_is_never_negative() {
        assertThat(new Product("TEA", "Tea", "food", 0, true).price()).isZero();
        assertThatThrownBy(() -> new Product("TEA", "Tea", "food", -1, true))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("price"));
    }
}
