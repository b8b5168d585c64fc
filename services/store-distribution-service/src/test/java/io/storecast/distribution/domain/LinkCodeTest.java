package io.storecast.distribution.domain;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LinkCodeTest {

    @Test
    void a_code_is_twelve_base62_characters() {
        // when
        String code = LinkCode.generate();
        // then
        assertThat(code).hasSize(12).matches("[0-9A-Za-z]{12}");
    }

    @Test
    void a_thousand_codes_are_all_distinct() {
        // given
        Set<String> codes = new HashSet<>();
        // when
        for (int i = 0; i < 1_000; i++) {
            codes.add(LinkCode.generate());
        }
        // then
        assertThat(codes).hasSize(1_000).allMatch(c -> c.matches("[0-9A-Za-z]{12}"));
    }
}
