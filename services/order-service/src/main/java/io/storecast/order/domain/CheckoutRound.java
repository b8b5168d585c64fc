package io.storecast.order.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a round of checkouts against the stock as last read, in arrival order: a checkout is accepted only
 * when every one of its SKUs is on sale in its session, has the units left, and keeps the customer within the
 * per-customer limit; otherwise it takes nothing at all.
 */
public final class CheckoutRound {

    public enum Outcome { ACCEPTED, NOT_ON_SALE, SOLD_OUT, OVER_LIMIT }

    /** {@code quantities}: units per SKU, in line order. */
    public record Request(String orderId, String customerId, String sessionId, Map<String, Integer> quantities) {
    }

    /** {@code sku} names the SKU that refused the checkout; null when accepted. */
    public record Verdict(Outcome outcome, String sku, String detail) {

        static final Verdict ACCEPT = new Verdict(Outcome.ACCEPTED, null, null);
    }

    /** Verdicts by order id; the units each stock (by {@link #key}) gives to the accepted orders. */
    public record Result(Map<String, Verdict> verdicts, Map<String, List<FlashStock.Unit>> takes) {
    }

    private CheckoutRound() {
    }

    public static String key(String sessionId, String sku) {
        return sessionId + "/" + sku;
    }

    /** What one customer bought of one SKU in one session. */
    public static String purchaseKey(String sessionId, String customerId, String sku) {
        return sessionId + "/" + customerId + "/" + sku;
    }

    /**
     * @param stock  the stocks by {@link #key}
     * @param bought the orders (id → units) each customer already holds, by {@link #purchaseKey}; needed only for
     *               SKUs with a limit. A checkout never counts against itself (a retry of a placed order).
     */
    public static Result decide(List<Request> requests, Map<String, FlashStock> stock,
                                Map<String, Map<String, Integer>> bought) {
        Map<String, Long> left = new HashMap<>();
        stock.forEach((k, s) -> left.put(k, s.remaining()));
        Map<String, Map<String, Integer>> held = new HashMap<>();
        bought.forEach((k, orders) -> held.put(k, new HashMap<>(orders)));
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Map<String, List<FlashStock.Unit>> takes = new LinkedHashMap<>();
        for (Request r : requests) {
            Verdict v = verdict(r, stock, left, held);
            verdicts.put(r.orderId(), v);
            if (v.outcome() != Outcome.ACCEPTED) {
                continue;
            }
            r.quantities().forEach((sku, q) -> {
                String k = key(r.sessionId(), sku);
                left.merge(k, (long) -q, Long::sum);
                held.computeIfAbsent(purchaseKey(r.sessionId(), r.customerId(), sku), x -> new HashMap<>())
                        .put(r.orderId(), q);
                takes.computeIfAbsent(k, x -> new ArrayList<>()).add(new FlashStock.Unit(r.orderId(), r.customerId(), q));
            });
        }
        return new Result(verdicts, takes);
    }

    private static Verdict verdict(Request r, Map<String, FlashStock> stock, Map<String, Long> left,
                                   Map<String, Map<String, Integer>> held) {
        for (var e : r.quantities().entrySet()) {
            String sku = e.getKey();
            int q = e.getValue();
            FlashStock s = stock.get(key(r.sessionId(), sku));
            if (s == null) {
                return new Verdict(Outcome.NOT_ON_SALE, sku, "sku " + sku + " has no flash-sale stock in session "
                        + r.sessionId());
            }
            long already = held.getOrDefault(purchaseKey(r.sessionId(), r.customerId(), sku), Map.of()).entrySet()
                    .stream().filter(o -> !o.getKey().equals(r.orderId())).mapToLong(Map.Entry::getValue).sum();
            if (s.perCustomerLimit() > 0 && already + q > s.perCustomerLimit()) {
                return new Verdict(Outcome.OVER_LIMIT, sku, "at most " + s.perCustomerLimit() + " of sku " + sku
                        + " per customer in this session; customer " + r.customerId() + " holds " + already
                        + " and asked " + q);
            }
            long remaining = left.get(key(r.sessionId(), sku));
            if (remaining < q) {
                return new Verdict(Outcome.SOLD_OUT, sku, remaining == 0 ? "sku " + sku + " is sold out"
                        : "only " + remaining + " of sku " + sku + " left, asked " + q);
            }
        }
        return Verdict.ACCEPT;
    }
}
