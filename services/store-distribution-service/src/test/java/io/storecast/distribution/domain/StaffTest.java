package io.storecast.distribution.domain;

import io.storecast.platform.problems.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaffTest {

    private static Staff liNa() {
        return Staff.hire("staff-1", "store-1", "Li Na", "customer-9");
    }

    @Test
    void a_new_staff_member_is_active_and_a_blank_shopper_account_means_none() {
        assertThat(liNa()).isEqualTo(new Staff("staff-1", "store-1", "Li Na", "customer-9", true));
        assertThat(Staff.hire("staff-2", "store-1", "Wang Wei", " ").shopperCustomerId()).isNull();
    }

    @Test
    void an_edit_replaces_name_and_shopper_account_and_keeps_store_and_active_flag() {
        Staff closed = liNa().deactivate();

        assertThat(closed.edit(null, "Li Na (Nanjing Rd)", null))
                .isEqualTo(new Staff("staff-1", "store-1", "Li Na (Nanjing Rd)", null, false));
        assertThat(closed.edit("store-1", "Li Na", "customer-10"))
                .isEqualTo(new Staff("staff-1", "store-1", "Li Na", "customer-10", false));
    }

    @Test
    void a_staff_member_cannot_move_to_another_store() {
        assertThatThrownBy(() -> liNa().edit("store-2", "Li Na", null))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("storeId");
                    assertThat(e.status()).isEqualTo(422);
                });
    }

    @Test
    void activating_an_active_staff_member_is_no_change() {
        assertThat(liNa().activate()).isEqualTo(liNa());
        assertThat(liNa().deactivate().activate()).isEqualTo(liNa());
        assertThat(liNa().deactivate().active()).isFalse();
    }

    @Test
    void a_name_is_required() {
        assertThatThrownBy(() -> liNa().edit(null, "  ", null))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }
}
