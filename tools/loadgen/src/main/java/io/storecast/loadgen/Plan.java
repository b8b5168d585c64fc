package io.storecast.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What every simulated customer will do, drawn from the seed before anything is sent, so that a run's account —
 * and the report it must produce — depends on the seed and the sizes only, never on timing or thread order. Each
 * customer draws from a generator of its own (seed and index), always the same draws in the same order.
 */
record Plan(int index, List<Integer> links, boolean reserves, boolean rejoins, List<Line> lines, boolean pays,
            Refund refund, boolean delivered, int burstDelayMillis) {

    /** A line the customer puts in the basket: a product by its position in the chain's catalog, and a quantity. */
    record Line(int product, int quantity) {
    }

    enum Refund { NONE, HALF_OF_FIRST_LINE, FULL }

    boolean buys() {
        return !lines.isEmpty();
    }

    /**
     * Draws a customer. {@code links} is how many tracked links the chain has, {@code storeOfLink} maps a link to its
     * store so that a customer's second link belongs to another store; {@code hot} is the product whose pin makes
     * the checkout burst.
     */
    static Plan draw(long seed, int index, int links, int[] storeOfLink, int products, int hot, int burstMillis) {
        Random r = new Random(seed * 1_000_003L + index);
        int linkRoll = r.nextInt(100);
        int first = r.nextInt(links);
        int second = r.nextInt(links);
        List<Integer> mine = new ArrayList<>();
        if (linkRoll >= 10) {                                   // 10 % came with no link
            mine.add(first);
            if (linkRoll >= 85) {                               // 15 % followed a second store's link later
                while (storeOfLink[second] == storeOfLink[first]) {
                    second = (second + 1) % links;
                }
                mine.add(second);
            }
        }
        boolean reserves = !mine.isEmpty() && r.nextInt(100) < 20;
        boolean rejoins = r.nextInt(100) < 15;
        boolean buys = r.nextInt(100) < 55;
        int product = r.nextInt(100) < 50 ? hot : (hot + 1 + r.nextInt(products - 1)) % products;
        int quantity = 1 + r.nextInt(2);
        boolean twoLines = r.nextInt(100) < 25;
        int other = (product + 1 + r.nextInt(products - 1)) % products;
        boolean pays = r.nextInt(100) < 95;
        int refundRoll = r.nextInt(100);
        boolean delivered = r.nextInt(100) < 70;
        int burstDelay = r.nextInt(Math.max(1, burstMillis));
        List<Line> lines = new ArrayList<>();
        if (buys) {
            lines.add(new Line(product, quantity));
            if (twoLines) {
                lines.add(new Line(other, 1));
            }
        }
        Refund refund = !buys || !pays ? Refund.NONE
                : refundRoll < 10 ? Refund.HALF_OF_FIRST_LINE : refundRoll < 15 ? Refund.FULL : Refund.NONE;
        return new Plan(index, List.copyOf(mine), reserves, rejoins, List.copyOf(lines), buys && pays, refund,
                buys && pays && refund != Refund.FULL && delivered, burstDelay);
    }
}
