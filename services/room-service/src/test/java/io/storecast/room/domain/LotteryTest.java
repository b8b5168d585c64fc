package io.storecast.room.domain;

import io.storecast.platform.problems.ConflictException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LotteryTest {

    static final List<String> HUNDRED = IntStream.rangeClosed(1, 100).mapToObj(i -> "c%03d".formatted(i)).toList();

    @Test
    void the_draw_follows_the_published_algorithm() {
        // expected values computed by an independent script of the algorithm in Lottery's class comment
        assertThat(Lottery.draw("storecast-test-seed", HUNDRED, 5)).containsExactly("c039", "c090", "c078", "c064", "c006");
        assertThat(Lottery.seedHash("storecast-test-seed"))
                .isEqualTo("df71f9290d577ddc5bda1347564cc6ab6b5337c7f1206bc788e1c6dcadb69a53");
        assertThat(Lottery.listHash(List.of("c2", "c1", "c3")))
                .isEqualTo("389ebf709589e5d64ccb6298c285886cd4119bb3b58751cb62602073e66ed1b3");
    }

    @Test
    void same_seed_and_list_same_winners_whatever_order_the_list_comes_in() {
        List<String> shuffled = new ArrayList<>(HUNDRED);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.add("c050");                          // a customer listed twice is still one entrant
        assertThat(Lottery.draw("storecast-test-seed", shuffled, 5))
                .isEqualTo(Lottery.draw("storecast-test-seed", HUNDRED, 5));
    }

    @Test
    void a_changed_seed_gives_a_different_draw() {
        assertThat(Lottery.draw("storecast-test-seed-2", HUNDRED, 5))
                .containsExactly("c047", "c006", "c010", "c057", "c074");
    }

    @Test
    void nobody_wins_twice_and_fewer_entrants_than_prizes_all_win() {
        for (int seed = 0; seed < 200; seed++) {
            List<String> winners = Lottery.draw("seed-" + seed, HUNDRED, 60);
            assertThat(winners).hasSize(60);
            assertThat(new HashSet<>(winners)).hasSize(60);
            assertThat(HUNDRED).containsAll(winners);
        }
        assertThat(Lottery.draw("s", List.of("b", "a"), 5)).containsExactlyInAnyOrder("a", "b");
        assertThat(Lottery.draw("s", List.of(), 5)).isEmpty();
    }

    @Test
    void a_lottery_publishes_its_seed_hash_first_and_draws_once() {
        Lottery l = Lottery.create("l1", "s1", "电饭煲", 2, Lottery.Eligibility.ALL_VIEWERS, Instant.EPOCH);
        assertThat(l.seed()).hasSize(64);
        assertThat(l.seedHash()).isEqualTo(Lottery.seedHash(l.seed()));
        Lottery drawn = l.drawFrom(List.of("c3", "c1", "c2"), Instant.EPOCH.plusSeconds(60));
        assertThat(drawn.draw().eligible()).containsExactly("c1", "c2", "c3");
        assertThat(drawn.draw().eligibleHash()).isEqualTo(Lottery.listHash(List.of("c1", "c2", "c3")));
        assertThat(drawn.draw().winners()).isEqualTo(Lottery.draw(l.seed(), List.of("c1", "c2", "c3"), 2));
        assertThatThrownBy(() -> drawn.drawFrom(List.of("c1"), Instant.EPOCH)).isInstanceOf(ConflictException.class);
        assertThat(Lottery.create("l2", "s1", "x", 1, Lottery.Eligibility.ALL_VIEWERS, Instant.EPOCH).seed())
                .isNotEqualTo(l.seed());
    }
}
