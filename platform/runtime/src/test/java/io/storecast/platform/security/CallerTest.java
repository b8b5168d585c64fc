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
        assertThat(Caller.of(Map.of("role", "HQ", "sub", "x")).is(Caller.Role.FINANCE, Caller.Role.HQ)).isTrue();
        // the person: the e-mail, else the user name, else the subject (an identity provider's id for them)
        assertThat(Caller.of(Map.of("role", "HQ", "sub", "7f3a", "preferred_username", "zhang", "email", "zhang@brand"))
                .name()).isEqualTo("zhang@brand");
        assertThat(Caller.of(Map.of("role", "HQ", "sub", "7f3a", "preferred_username", "zhang")).name())
                .isEqualTo("zhang");
    }

    @Test
    void a_token_without_a_known_role_or_a_person_or_a_partys_token_without_its_party_names_no_caller() {
        assertThatThrownBy(() -> Caller.of(Map.of("sub", "x"))).hasMessage("the token names no role");
        assertThatThrownBy(() -> Caller.of(Map.of("role", "hq", "sub", "x"))).hasMessage(
                "the token's role 'hq' is none of HQ, FINANCE, DEALER, STORE, STAFF");
        assertThatThrownBy(() -> Caller.of(Map.of("role", "DEALER", "party", " ", "sub", "x"))).hasMessage(
                "a DEALER token must name its party");
        assertThatThrownBy(() -> Caller.of(Map.of("role", "STAFF", "sub", "x")))
                .hasMessage("a STAFF token must name its party");
        assertThatThrownBy(() -> Caller.of(Map.of("role", "FINANCE"))).hasMessage("the token names no person (sub)");
    }
}
