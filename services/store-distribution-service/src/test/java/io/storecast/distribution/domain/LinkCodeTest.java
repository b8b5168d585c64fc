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
    void a_hundred_thousand_codes_are_all_distinct_well_formed_and_use_every_character() {
        // given
        Set<String> codes = new HashSet<>();
        int[] seen = new int[128];
        // when
        for (int i = 0; i < 100_000; i++) {
            String code = LinkCode.generate();
            codes.add(code);
            code.chars().forEach(c -> seen[c]++);
        }
        // then
        assertThat(codes).hasSize(100_000).allMatch(c -> c.matches("[0-9A-Za-z]{12}"));
        // 1.2M characters over 62 symbols: about 19,355 each; a skewed or sequential source would miss by far
        for (char c : "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray()) {
            assertThat(seen[c]).as("occurrences of %s", c).isBetween(18_000, 20_700);
        }
    }
}
