package io.storecast.launcher;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * A demo broadcast through the public APIs only: seeds a chain (dealers, stores, staff, links), drives
 * viewers through links into an HQ session, places and pays orders, refunds some, then waits for the
 * per-store report to agree with its own account and prints it.
 */
public final class Demo {

    public record Options(int dealers, int stores, int staffPerStore, int viewers, long seed, Path reportsDir) {
    }

    /** What the demo did, per store code: orders paid, gross, refunds and store commission net, in fen. */
    public record Expected(Map<String, long[]> perStore, String period, Path csv, JsonNode report) {
    }

    private static final String[][] PRODUCTS = {
            {"Down jacket", "apparel", "39900"}, {"Running shoes", "shoes", "59900"}, {"Wok", "kitchen", "12900"},
            {"Face cream", "beauty", "8800"}, {"Air fryer", "appliance", "49900"}};

    private final Api distribution;
    private final Api room;
    private final Api order;
    private final Api attribution;
    private final String attributionUrl;
    private final PrintStream out;

    public Demo(Map<String, String> urls, PrintStream out) {
        this.distribution = new Api(urls.get(LocalStack.STORE_DISTRIBUTION));
        this.room = new Api(urls.get(LocalStack.ROOM));
        this.order = new Api(urls.get(LocalStack.ORDER));
        this.attributionUrl = urls.get(LocalStack.ATTRIBUTION);
        this.attribution = new Api(attributionUrl);
        this.out = out;
    }

    private record Link(String code, String storeCode) {
    }

    public Expected run(Options o) {
        long t0 = System.nanoTime();
        Random rnd = new Random(o.seed());
        String tag = Long.toString(System.currentTimeMillis() / 1000 % 1_679_616, 36).toUpperCase();
        step("chain " + tag + ": commission plan, HQ room, broadcast");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Api.Reply plan = distribution.post("/commission-plans", Map.of("effectiveFrom", now.minusSeconds(3600).toString(),
                "currency", "CNY", "rates", Map.of("*", rates(500, 100, 200), "appliance", rates(300, 50, 100))));
        if (plan.status() != 201 && plan.status() != 409) {
            plan.expect(201);
        }
        String roomId = room.post("/rooms", Map.of("ownerType", "HQ", "name", "HQ Double 11 live",
                "watchUrl", "https://live.example.com/hq")).expect(201).get("id").asString();
        String sessionId = room.post("/rooms/" + roomId + "/sessions", Map.of("title", "Double 11 " + tag,
                "scheduledStart", now.toString())).expect(201).get("id").asString();
        room.post("/sessions/" + sessionId + "/start", "").expect(200);

        step(o.dealers() + " dealers, " + o.stores() + " stores, " + o.stores() * o.staffPerStore() + " staff");
        List<String> dealerIds = new ArrayList<>();
        for (int d = 1; d <= o.dealers(); d++) {
            dealerIds.add(distribution.post("/dealers", Map.of("code", "D" + tag + "-" + d, "name", "Dealer " + d))
                    .expect(201).get("id").asString());
        }
        List<String> storeIds = new ArrayList<>();
        Map<String, String> storeCode = new HashMap<>();
        for (int s = 1; s <= o.stores(); s++) {
            Map<String, Object> body = new HashMap<>(Map.of("code", String.format("S%s-%03d", tag, s),
                    "name", "门店 " + s));
            if (s <= o.stores() * 4 / 5) {
                body.put("dealerId", dealerIds.get(s % dealerIds.size()));
            }
            JsonNode st = distribution.post("/stores", body).expect(201);
            storeIds.add(st.get("id").asString());
            storeCode.put(st.get("id").asString(), st.get("code").asString());
        }

        step("tracked links for every store and staff member");
        List<Link> links = new ArrayList<>();
        for (String storeId : storeIds) {
            links.add(new Link(issueLink("STORE", storeId, roomId), storeCode.get(storeId)));
            for (int k = 1; k <= o.staffPerStore(); k++) {
                String staffId = distribution.post("/stores/" + storeId + "/staff", Map.of("name", "Staff " + k))
                        .expect(201).get("id").asString();
                links.add(new Link(issueLink("STAFF", staffId, roomId), storeCode.get(storeId)));
            }
        }
        List<String> skus = new ArrayList<>();
        for (int p = 0; p < PRODUCTS.length; p++) {
            String sku = "SKU-" + tag + "-" + (p + 1);
            order.post("/products", Map.of("sku", sku, "name", PRODUCTS[p][0], "category", PRODUCTS[p][1],
                    "price", Long.parseLong(PRODUCTS[p][2]))).expect(201);
            order.post("/sessions/" + sessionId + "/stock", Map.of("sku", sku, "units", 1_000_000)).expect(201);
            skus.add(sku);
        }

        step(o.viewers() + " viewers follow links into the broadcast");
        Map<String, List<Link>> touches = new ConcurrentHashMap<>();
        List<String> customers = new ArrayList<>();
        Map<String, List<Link>> plannedTouches = new HashMap<>();
        for (int v = 0; v < o.viewers(); v++) {
            String c = "cust-" + tag + "-" + v;
            customers.add(c);
            List<Link> mine = new ArrayList<>();
            if (rnd.nextInt(10) > 0) {
                mine.add(links.get(rnd.nextInt(links.size())));
                if (rnd.nextInt(10) == 0) {
                    mine.add(links.get(rnd.nextInt(links.size())));     // touched a second store later
                }
            }
            plannedTouches.put(c, mine);
        }
        parallel(customers.size(), i -> {
            String c = customers.get(i);
            List<Link> mine = plannedTouches.get(c);
            if (mine.isEmpty()) {
                room.post("/sessions/" + sessionId + "/join", Map.of("customerId", c)).expect(202);
            }
            for (Link l : mine) {
                Api.Reply click = distribution.get("/l/" + l.code());
                String ref = refOf(click.header("Location"));
                room.post("/sessions/" + sessionId + "/join", Map.of("customerId", c, "ref", ref)).expect(202);
                if (mine.size() > 1 && l == mine.getFirst()) {
                    room.post("/sessions/" + sessionId + "/leave", Map.of("customerId", c)).expect(202);
                }
            }
            touches.put(c, mine);
        });
        awaitTouches(touches);

        step("orders, payments and refunds");
        List<int[]> plannedOrders = new ArrayList<>();  // customer index, lines, pay?, refund kind
        for (int i = 0; i < customers.size(); i++) {
            if (rnd.nextInt(100) < 60) {
                plannedOrders.add(new int[]{i, 1 + rnd.nextInt(2), rnd.nextInt(100) < 95 ? 1 : 0, rnd.nextInt(100),
                        rnd.nextInt(PRODUCTS.length), rnd.nextInt(PRODUCTS.length), 1 + rnd.nextInt(2)});
            }
        }
        Map<String, long[]> expected = new ConcurrentHashMap<>();
        String[] period = new String[1];
        parallel(plannedOrders.size(), n -> {
            int[] p = plannedOrders.get(n);
            String c = customers.get(p[0]);
            List<Link> mine = touches.get(c);
            Map<String, Object> body = new HashMap<>(Map.of("clientOrderId", "co-" + c, "customerId", c,
                    "sessionId", sessionId, "lines", p[1] == 1 ? List.of(line(skus.get(p[4]), p[6]))
                            : List.of(line(skus.get(p[4]), p[6]), line(skus.get(p[5]), 1))));
            if (!mine.isEmpty()) {
                body.put("ref", mine.getLast().code());
            }
            JsonNode placed = order.post("/orders", body).expect(201);
            if (p[2] == 0) {
                return;     // left unpaid
            }
            String orderId = placed.get("id").asString();
            long total = placed.get("total").asLong();
            JsonNode paid = order.pay(orderId, "pay-" + orderId, total).expect(200);
            period[0] = YearMonth.from(Instant.parse(paid.get("paidAt").asString()).atZone(ZoneId.of("Asia/Shanghai")))
                    .toString();
            long refunded = 0;
            long commission = 0;
            for (JsonNode l : paid.get("lines")) {
                long amount = l.get("amount").asLong();
                long lineRefund = 0;
                if (p[3] < 10 && l.get("lineNo").asInt() == 1) {            // partial refund of the first line
                    lineRefund = amount / 2;
                } else if (p[3] >= 10 && p[3] < 15) {                       // full refund
                    lineRefund = amount;
                }
                if (lineRefund > 0) {
                    order.post("/orders/" + orderId + "/refunds", Map.of("refundId", "rf-" + orderId + "-"
                            + l.get("lineNo").asInt(), "lineNo", l.get("lineNo").asInt(), "amount", lineRefund))
                            .expect(200);
                }
                refunded += lineRefund;
                // the demo's own account of the store's traffic share: the line's net after refunds
                int bps = "appliance".equals(l.get("category").asString()) ? 300 : 500;
                commission += ((amount - lineRefund) * bps + 5_000) / 10_000;
            }
            if (!mine.isEmpty()) {
                long[] acc = expected.computeIfAbsent(mine.getLast().storeCode(), k -> new long[4]);
                synchronized (acc) {
                    acc[0]++;
                    acc[1] += total;
                    acc[2] += refunded;
                    acc[3] += commission;
                }
            }
        });

        step("waiting for the per-store report to agree with the demo's own account");
        JsonNode report = awaitReport(period[0], expected);
        printReport(report, expected.keySet());
        Path csv = saveCsv(o.reportsDir(), period[0]);
        out.printf("%nDemo finished in %.1f s. Every store's orders, gross sales, refunds and commission match the "
                + "demo's own account.%n", (System.nanoTime() - t0) / 1e9);
        out.println("CSV saved to " + csv.toAbsolutePath());
        out.println("CSV report URL: " + attributionUrl + "/reports/stores.csv?period=" + period[0]);
        out.println("JSON report URL: " + attributionUrl + "/reports/stores?period=" + period[0]);
        return new Expected(new TreeMap<>(expected), period[0], csv, report);
    }

    private static Map<String, Object> rates(int traffic, int staff, int override) {
        return Map.of("trafficBps", traffic, "staffBonusBps", staff, "dealerOverrideBps", override, "fulfilmentBps", 0);
    }

    private static Map<String, Object> line(String sku, int qty) {
        return Map.of("sku", sku, "quantity", qty);
    }

    /** Issues a link, waiting for store-distribution to learn the new room from room-service's event. */
    private String issueLink(String ownerType, String ownerId, String roomId) {
        long until = System.currentTimeMillis() + 60_000;
        while (true) {
            Api.Reply r = distribution.post("/links", Map.of("ownerType", ownerType, "ownerId", ownerId,
                    "roomId", roomId, "channel", "wechat-group"));
            if (r.status() == 201) {
                return r.json().get("code").asString();
            }
            if (r.status() != 422 || !r.text().contains("roomId") || System.currentTimeMillis() > until) {
                r.expect(201);
            }
            sleep(100);
        }
    }

    private static String refOf(String location) {
        if (location == null) {
            throw new IllegalStateException("the tracked link did not redirect");
        }
        for (String kv : URI.create(location).getRawQuery().split("&")) {
            if (kv.startsWith("ref=")) {
                return kv.substring(4);
            }
        }
        throw new IllegalStateException("no ref in " + location);
    }

    private void awaitTouches(Map<String, List<Link>> touches) {
        long until = System.currentTimeMillis() + 60_000;
        List<String> pending = touches.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(ArrayList::new));
        while (!pending.isEmpty()) {
            pending.removeIf(c -> {
                JsonNode t = attribution.get("/customers/" + c + "/touches").json();
                if (t.size() < touches.get(c).size()) {
                    return false;
                }
                for (JsonNode x : t) {
                    if (x.get("storeId") == null || x.get("storeId").isNull()) {
                        return false;
                    }
                }
                return true;
            });
            if (System.currentTimeMillis() > until) {
                throw new IllegalStateException(pending.size() + " customers' touches did not reach attribution");
            }
            if (!pending.isEmpty()) {
                sleep(200);
            }
        }
    }

    private JsonNode awaitReport(String period, Map<String, long[]> expected) {
        long until = System.currentTimeMillis() + 90_000;
        String lastMismatch = "";
        while (System.currentTimeMillis() < until) {
            JsonNode report = attribution.get("/reports/stores?period=" + period).expect(200);
            Map<String, JsonNode> rows = new HashMap<>();
            report.get("rows").forEach(r -> rows.put(r.get("code").asString(), r));
            lastMismatch = "";
            for (var e : expected.entrySet()) {
                JsonNode r = rows.get(e.getKey());
                long[] x = e.getValue();
                if (r == null || r.get("attributedOrders").asLong() != x[0] || r.get("grossSales").asLong() != x[1]
                        || r.get("refunds").asLong() != x[2] || r.get("commissionNet").asLong() != x[3]) {
                    lastMismatch = e.getKey() + " expected orders/gross/refunds/commission " + x[0] + "/" + x[1] + "/"
                            + x[2] + "/" + x[3] + " but report has " + (r == null ? "no row" : r.get("attributedOrders")
                            + "/" + r.get("grossSales") + "/" + r.get("refunds") + "/" + r.get("commissionNet"));
                    break;
                }
            }
            if (lastMismatch.isEmpty()) {
                return report;
            }
            sleep(250);
        }
        throw new IllegalStateException("the report did not converge: " + lastMismatch);
    }

    private void printReport(JsonNode report, Set<String> thisRun) {
        out.printf("%nPer-store commission report, period %s (%s; amounts in yuan)%n", report.get("period").asString(),
                report.get("currency").asString());
        String fmt = "%-12s %-10s %-10s %6s %12s %11s %12s %11s %11s%n";
        out.printf(fmt, "store", "name", "dealer", "orders", "gross", "refunds", "net sales", "comm. net", "pending");
        long[] sum = new long[6];
        for (JsonNode r : report.get("rows")) {
            if (thisRun.contains(r.get("code").asString())) {
                long[] v = {r.get("attributedOrders").asLong(), r.get("grossSales").asLong(), r.get("refunds").asLong(),
                        r.get("netSales").asLong(), r.get("commissionNet").asLong(), r.get("pending").asLong()};
                printRow(fmt, r.get("code").asString(), r.get("name").asString(),
                        r.get("dealerCode").asString(), v);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += v[i];
                }
            }
        }
        printRow(fmt, "TOTAL", "", "", sum);
        if (report.get("rows").size() > thisRun.size()) {
            out.printf("(the period's report also holds %d stores of earlier runs; the CSV has them all)%n",
                    report.get("rows").size() - thisRun.size());
        }
    }

    private void printRow(String fmt, String code, String name, String dealer, long[] v) {
        out.printf(fmt, code, name, dealer, v[0], yuan(v[1]), yuan(v[2]), yuan(v[3]), yuan(v[4]), yuan(v[5]));
    }

    private static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen).movePointLeft(2).setScale(2).toPlainString();
    }

    private Path saveCsv(Path dir, String period) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("store-commission-" + period + ".csv");
            Files.write(file, attribution.get("/reports/stores.csv?period=" + period).bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void step(String what) {
        out.println("demo: " + what);
    }

    private static void parallel(int n, IntConsumer task) {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(pool.submit(() -> task.accept(k)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("demo step failed: " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
