package io.storecast.distribution.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreStockTest {

    private static final StoreStock FIVE_ON_HAND_TWO_RESERVED = new StoreStock("store-1", "TEE-RED-M", 5, 2);

    @Test
    void available_is_on_hand_minus_reserved() {
        assertThat(FIVE_ON_HAND_TWO_RESERVED.available()).isEqualTo(3);
        assertThat(StoreStock.none("store-1", "TEE-RED-M").available()).isZero();
    }

    @Test
    void on_hand_can_be_set_down_to_what_is_reserved_but_not_below() {
        assertThat(FIVE_ON_HAND_TWO_RESERVED.withOnHand(2)).isEqualTo(new StoreStock("store-1", "TEE-RED-M", 2, 2));
        assertThat(FIVE_ON_HAND_TWO_RESERVED.withOnHand(40).available()).isEqualTo(38);
        assertThatThrownBy(() -> FIVE_ON_HAND_TWO_RESERVED.withOnHand(1))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("onHand"))
                .hasMessage("onHand 1 is below the 2 units of TEE-RED-M reserved for orders at store-1");
    }

    @Test
    void on_hand_is_never_negative_nor_absurdly_large() {
        assertThatThrownBy(() -> StoreStock.none("s", "k").withOnHand(-1))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("onHand");
                    assertThat(e.status()).isEqualTo(400);
                });
        assertThatThrownBy(() -> StoreStock.none("s", "k").withOnHand(StoreStock.MAX_UNITS + 1))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("onHand"));
        assertThat(StoreStock.none("s", "k").withOnHand(StoreStock.MAX_UNITS).onHand()).isEqualTo(StoreStock.MAX_UNITS);
    }

    @Test
    void an_adjustment_moves_on_hand_and_never_below_reserved_or_zero() {
        assertThat(FIVE_ON_HAND_TWO_RESERVED.adjustedBy(4)).isEqualTo(new StoreStock("store-1", "TEE-RED-M", 9, 2));
        assertThat(FIVE_ON_HAND_TWO_RESERVED.adjustedBy(-3)).isEqualTo(new StoreStock("store-1", "TEE-RED-M", 2, 2));
        assertThatThrownBy(() -> FIVE_ON_HAND_TWO_RESERVED.adjustedBy(-4))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("delta"))
                .hasMessage("delta -4 would leave 1 of TEE-RED-M on hand at store-1, below the 2 units reserved for orders");
        assertThatThrownBy(() -> StoreStock.none("s", "k").adjustedBy(-1))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("delta"));
    }

    @Test
    void an_adjustment_is_non_zero_and_bounded() {
        for (long delta : new long[]{0, StoreStock.MAX_UNITS + 1, -StoreStock.MAX_UNITS - 1, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> FIVE_ON_HAND_TWO_RESERVED.adjustedBy(delta))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                        assertThat(e.field()).isEqualTo("delta");
                        assertThat(e.status()).isEqualTo(400);
                    });
        }
        assertThatThrownBy(() -> StoreStock.none("s", "k").withOnHand(StoreStock.MAX_UNITS).adjustedBy(1))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("delta"));
    }

    @Test
    void a_sku_is_1_to_64_letters_digits_dots_underscores_or_dashes() {
        assertThatNoException().isThrownBy(() -> StoreStock.requireSku("TEE-RED_M.2"));
        assertThatNoException().isThrownBy(() -> StoreStock.requireSku("x".repeat(64)));
        for (String bad : new String[]{null, "", "x".repeat(65), "TEE RED", "TEE/RED", "T:1", "茶"}) {
            assertThatThrownBy(() -> StoreStock.requireSku(bad))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                        assertThat(e.field()).isEqualTo("sku");
                        assertThat(e.status()).isEqualTo(400);
                    });
        }
    }
}
