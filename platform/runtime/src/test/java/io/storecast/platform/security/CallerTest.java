package io.storecast.platform.security;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerTest {

    @Test
    void a_token_names_its_role_its_party_and_its_person() {
        Caller store = Caller.of(Map.of("role", "STORE", "party", "s-1", "sub", "li@brand"));
        assertThat(store).isEqualTo(new Caller(Caller.Role.STORE, "s-1", "li@brand"));
        assertThat(store.seesAll()).isFalse();
        assertThat(Caller.of(Map.of("role", "FINANCE", "sub", "wu@brand")).seesAll()).isTrue();
        assertThat(Caller.of(Map.of("role", "HQ")).is(Caller.Role.FINANCE, Caller.Role.HQ)).isTrue();
    }

    @Test
    void a_token_without_a_known_role_or_a_partys_token_without_its_party_names_no_caller() {
        assertThatThrownBy(() -> Caller.of(Map.of("sub", "x"))).hasMessage("the token names no role");
        assertThatThrownBy(() -> Caller.of(Map.of("role", "hq"))).hasMessage(
                "the token's role 'hq' is none of HQ, FINANCE, DEALER, STORE, STAFF");
        assertThatThrownBy(() -> Caller.of(Map.of("role", "DEALER", "party", " "))).hasMessage(
                "a DEALER token must name its party");
        assertThatThrownBy(() -> Caller.of(Map.of("role", "STAFF"))).hasMessage("a STAFF token must name its party");
    }
}
