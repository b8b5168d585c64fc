package io.storecast.attribution.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every model × binding state × touch order × self-purchase setting, each asserting the credited store, staff,
 * dealer and the winning touch (PRODUCT.md, Touches and attribution). Policy: lookback 72 h, protection 15 days,
 * validity 90 days.
 *
 * <p>The customer {@code c1} is also the shopper account of staff member {@code stB} of store {@code sB} (dealer
 * {@code dB}), so a win by stB's link is a self-purchase. Store {@code sA} (dealer {@code dA}) touched the customer
 * long before the order (the binding state); {@code sC} has no dealer.
 *
 * <ul>
 *   <li>binding state — NONE: no earlier touch; PROTECTED: sA's link 5 days before the order; PAST_PROTECTION:
 *   20 days before (bound, protection over, not lapsed); LAPSED: 100 days before (lapsed 10 days before).</li>
 *   <li>touch order in the lookback — SAME_STORE: stB's staff link 2 h before, then sB's store link 1 h before;
 *   TWO_STORES: stB's link 2 h before, then sC's store link 1 h before; EQUAL_TIMES: stB's link and then sC's
 *   link both 1 h before, stB's arriving first; NO_TOUCH: nothing in the lookback.</li>
 * </ul>
 */
class AttributionModelTableTest {

    static final Instant PLACED = Instant.parse("2026-11-20T12:00:00Z");
    static final Map<String, LinkOwner> LINKS = Map.of(
            "A-STORE", new LinkOwner("A-STORE", LinkOwner.OwnerType.STORE, "sA", "sA", "dA"),
            "B-STORE", new LinkOwner("B-STORE", LinkOwner.OwnerType.STORE, "sB", "sB", "dB"),
            "B-STAFF", new LinkOwner("B-STAFF", LinkOwner.OwnerType.STAFF, "stB", "sB", "dB"),
            "C-STORE", new LinkOwner("C-STORE", LinkOwner.OwnerType.STORE, "sC", "sC", null));
    static final Map<String, String> DEALER_OF = Map.of("sA", "dA", "sB", "dB");

    enum State { NONE, PROTECTED, PAST_PROTECTION, LAPSED }

    enum Order { SAME_STORE, TWO_STORES, EQUAL_TIMES, NO_TOUCH }

    /**
     * model, state, order, self-purchase (ANY = both settings) → store staff dealer winning-touch ("-" = none;
     * "HQ" = unattributed: no store, staff or dealer).
     */
    static final String TABLE = """
            LAST_TOUCH  *               SAME_STORE  ANY   -> sB -   dB B-STORE
            LAST_TOUCH  *               TWO_STORES  ANY   -> sC -   -  C-STORE
            LAST_TOUCH  *               EQUAL_TIMES ANY   -> sC -   -  C-STORE
            LAST_TOUCH  *               NO_TOUCH    ANY   -> HQ -   -  -
            FIRST_TOUCH *               SAME_STORE  DENY  -> HQ -   -  B-STAFF
            FIRST_TOUCH *               SAME_STORE  ALLOW -> sB stB dB B-STAFF
            FIRST_TOUCH *               TWO_STORES  DENY  -> HQ -   -  B-STAFF
            FIRST_TOUCH *               TWO_STORES  ALLOW -> sB stB dB B-STAFF
            FIRST_TOUCH *               EQUAL_TIMES DENY  -> HQ -   -  B-STAFF
            FIRST_TOUCH *               EQUAL_TIMES ALLOW -> sB stB dB B-STAFF
            FIRST_TOUCH *               NO_TOUCH    ANY   -> HQ -   -  -
            BINDING     NONE            SAME_STORE  DENY  -> HQ -   -  B-STAFF
            BINDING     NONE            SAME_STORE  ALLOW -> sB stB dB B-STAFF
            BINDING     NONE            TWO_STORES  DENY  -> HQ -   -  B-STAFF
            BINDING     NONE            TWO_STORES  ALLOW -> sB stB dB B-STAFF
            BINDING     NONE            EQUAL_TIMES DENY  -> HQ -   -  B-STAFF
            BINDING     NONE            EQUAL_TIMES ALLOW -> sB stB dB B-STAFF
            BINDING     NONE            NO_TOUCH    ANY   -> HQ -   -  -
            BINDING     PROTECTED       SAME_STORE  ANY   -> sA -   dA A-STORE
            BINDING     PROTECTED       TWO_STORES  ANY   -> sA -   dA A-STORE
            BINDING     PROTECTED       EQUAL_TIMES ANY   -> sA -   dA A-STORE
            BINDING     PROTECTED       NO_TOUCH    ANY   -> sA -   dA A-STORE
            BINDING     PAST_PROTECTION SAME_STORE  DENY  -> HQ -   -  B-STAFF
            BINDING     PAST_PROTECTION SAME_STORE  ALLOW -> sB stB dB B-STAFF
            BINDING     PAST_PROTECTION TWO_STORES  DENY  -> HQ -   -  B-STAFF
            BINDING     PAST_PROTECTION TWO_STORES  ALLOW -> sB stB dB B-STAFF
            BINDING     PAST_PROTECTION EQUAL_TIMES DENY  -> HQ -   -  B-STAFF
            BINDING     PAST_PROTECTION EQUAL_TIMES ALLOW -> sB stB dB B-STAFF
            BINDING     PAST_PROTECTION NO_TOUCH    ANY   -> sA -   dA A-STORE
            BINDING     LAPSED          SAME_STORE  DENY  -> HQ -   -  B-STAFF
            BINDING     LAPSED          SAME_STORE  ALLOW -> sB stB dB B-STAFF
            BINDING     LAPSED          TWO_STORES  DENY  -> HQ -   -  B-STAFF
            BINDING     LAPSED          TWO_STORES  ALLOW -> sB stB dB B-STAFF
            BINDING     LAPSED          EQUAL_TIMES DENY  -> HQ -   -  B-STAFF
            BINDING     LAPSED          EQUAL_TIMES ALLOW -> sB stB dB B-STAFF
            BINDING     LAPSED          NO_TOUCH    ANY   -> HQ -   -  -
            """;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String line : TABLE.strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            List<State> states = f[1].equals("*") ? List.of(State.values()) : List.of(State.valueOf(f[1]));
            List<Policy.SelfPurchase> selves = f[3].equals("ANY") ? List.of(Policy.SelfPurchase.values())
                    : List.of(Policy.SelfPurchase.valueOf(f[3]));
            for (State s : states) {
                for (Policy.SelfPurchase self : selves) {
                    out.add(Arguments.of(Policy.Model.valueOf(f[0]), s, Order.valueOf(f[2]), self, f[5], f[6], f[7],
                            f[8]));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4} {5} {6} by {7}")
    @MethodSource("cases")
    void credits_exactly(Policy.Model model, State state, Order order, Policy.SelfPurchase self, String store,
                         String staff, String dealer, String winning) {
        Policy policy = new Policy(3, model, 72, 15, 90, self);
        Decision d = AttributionRules.decide(policy, "c1", PLACED, touches(state, order),
                c -> Optional.ofNullable(LINKS.get(c)), st -> st.equals("stB") ? Optional.of("c1") : Optional.empty(),
                s -> Optional.ofNullable(DEALER_OF.get(s)));
        if (store.equals("HQ")) {
            assertThat(d.creditedType()).isEqualTo(Decision.Credited.HQ);
            assertThat(d.storeId()).isNull();
        } else {
            assertThat(d.creditedType()).isEqualTo(Decision.Credited.STORE);
            assertThat(d.storeId()).isEqualTo(store);
        }
        assertThat(d.staffId()).isEqualTo(dash(staff));
        assertThat(d.dealerId()).isEqualTo(dash(dealer));
        assertThat(d.winning() == null ? null : d.winning().code()).isEqualTo(dash(winning));
    }

    /** Every (model, state, order, setting) cell is in the table exactly once. */
    @org.junit.jupiter.api.Test
    void the_table_covers_every_cell_once() {
        List<String> cells = cases().map(a -> a.get()[0] + " " + a.get()[1] + " " + a.get()[2] + " " + a.get()[3])
                .toList();
        assertThat(cells).doesNotHaveDuplicates().hasSize(
                Policy.Model.values().length * State.values().length * Order.values().length * 2);
    }

    static List<Touch> touches(State state, Order order) {
        List<Touch> out = new ArrayList<>();
        switch (state) {
            case NONE -> { }
            case PROTECTED -> out.add(touch("h", "A-STORE", PLACED.minus(Duration.ofDays(5)), 0));
            case PAST_PROTECTION -> out.add(touch("h", "A-STORE", PLACED.minus(Duration.ofDays(20)), 0));
            case LAPSED -> out.add(touch("h", "A-STORE", PLACED.minus(Duration.ofDays(100)), 0));
        }
        Instant twoHours = PLACED.minus(Duration.ofHours(2));
        Instant oneHour = PLACED.minus(Duration.ofHours(1));
        switch (order) {
            case SAME_STORE -> {
                out.add(touch("w1", "B-STAFF", twoHours, 0));
                out.add(touch("w2", "B-STORE", oneHour, 0));
            }
            case TWO_STORES -> {
                out.add(touch("w1", "B-STAFF", twoHours, 0));
                out.add(touch("w2", "C-STORE", oneHour, 0));
            }
            case EQUAL_TIMES -> {
                // listed in the opposite order of arrival: arrival, not list order, decides
                out.add(touch("w1", "C-STORE", oneHour, 2));
                out.add(touch("w2", "B-STAFF", oneHour, 1));
            }
            case NO_TOUCH -> { }
        }
        return out;
    }

    static Touch touch(String id, String code, Instant at, int arrivalSecondsAfter) {
        return new Touch(id, "c1", code, TouchKind.JOIN, at, at.plusSeconds(arrivalSecondsAfter));
    }

    static String dash(String v) {
        return v.equals("-") ? null : v;
    }
}
