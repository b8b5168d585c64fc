package io.storecast.loadgen;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A chain's live broadcast, simulated through the four services' public HTTP APIs only (docs/loadgen.md): a chain
 * of dealers, stores and staff with their tracked links; customers who reserve, click, join (some through two
 * stores' links, some through none), leave and rejoin; a lineup whose hot product's pin sets off a checkout burst;
 * payments, partial and full refunds, deliveries and completion. Customers arrive open loop, at planned times,
 * however fast the services answer. The generator keeps its own account of what each store must be credited and
 * paid ({@link Account}) and compares it, column by column, with attribution's per-store report.
 */
public final class Loadgen {

    /**
     * @param attributionToken the bearer token attribution-service is read with (HQ's: every store's report and board
     *                         line); {@code --attribution-token}, default {@code STORECAST_TOKEN}
     */
    public record Options(String distributionUrl, String roomUrl, String orderUrl, String attributionUrl,
                          String paymentSecret, int dealers, int stores, int staffPerStore, int customers,
                          int seconds, long seed, int returnWindowDays, int reportWaitSeconds, Path reportsDir,
                          boolean leaderboard, String attributionToken) {

        public static Options defaults() {
            return new Options("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083",
                    "http://127.0.0.1:8084", Api.LOCAL_PAYMENT_SECRET, 10, 300, 2, 3_000, 30, 1, 7, 120,
                    Path.of(".local/reports"), true, System.getenv("STORECAST_TOKEN"));
        }

        /**
         * The services at {@code urls} (by service name), order-service checking payments with {@code secret},
         * attribution-service read with {@code token}.
         */
        public Options withStack(Map<String, String> urls, String secret, String token) {
            return new Options(urls.get("store-distribution-service"), urls.get("room-service"),
                    urls.get("order-service"), urls.get("attribution-service"), secret, dealers, stores,
                    staffPerStore, customers, seconds, seed, returnWindowDays, reportWaitSeconds, reportsDir,
                    leaderboard, token);
        }

        public Options sized(int dealers, int stores, int staffPerStore, int customers, int seconds) {
            return new Options(distributionUrl, roomUrl, orderUrl, attributionUrl, paymentSecret, dealers, stores,
                    staffPerStore, customers, seconds, seed, returnWindowDays, reportWaitSeconds, reportsDir,
                    leaderboard, attributionToken);
        }

        public Options with(long seed, int returnWindowDays, boolean leaderboard, Path reports) {
            return new Options(distributionUrl, roomUrl, orderUrl, attributionUrl, paymentSecret, dealers, stores,
                    staffPerStore, customers, seconds, seed, returnWindowDays, reportWaitSeconds, reports,
                    leaderboard, attributionToken);
        }

        /** {@code --name=value} arguments over the defaults; unknown names are refused. */
        static Options parse(String[] args) {
            Map<String, String> a = new LinkedHashMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("arguments are --name=value, not " + arg);
                }
                a.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
            Options d = defaults();
            Options o = new Options(a.getOrDefault("distribution", d.distributionUrl()),
                    a.getOrDefault("room", d.roomUrl()), a.getOrDefault("order", d.orderUrl()),
                    a.getOrDefault("attribution", d.attributionUrl()),
                    a.getOrDefault("payment-secret", d.paymentSecret()),
                    positive(a, "dealers", d.dealers()), positive(a, "stores", d.stores()),
                    positive(a, "staff-per-store", d.staffPerStore()), positive(a, "customers", d.customers()),
                    positive(a, "seconds", d.seconds()), Long.parseLong(a.getOrDefault("seed", "" + d.seed())),
                    Integer.parseInt(a.getOrDefault("return-window-days", "" + d.returnWindowDays())),
                    positive(a, "report-wait-seconds", d.reportWaitSeconds()),
                    Path.of(a.getOrDefault("reports", d.reportsDir().toString())),
                    Boolean.parseBoolean(a.getOrDefault("leaderboard", "true")),
                    a.getOrDefault("attribution-token", d.attributionToken()));
            a.keySet().removeAll(List.of("distribution", "room", "order", "attribution", "payment-secret", "dealers",
                    "stores", "staff-per-store", "customers", "seconds", "seed", "return-window-days",
                    "report-wait-seconds", "reports", "leaderboard", "attribution-token"));
            if (!a.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + a.keySet() + " (see docs/loadgen.md)");
            }
            if (o.stores() < 2) {
                throw new IllegalArgumentException("--stores must be at least 2 (some customers follow two stores)");
            }
            return o;
        }

        private static int positive(Map<String, String> a, String name, int fallback) {
            int v = Integer.parseInt(a.getOrDefault(name, "" + fallback));
            if (v < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1, not " + v);
            }
            return v;
        }
    }

    /**
     * How a run ended: every mismatch between the account and the report (none is the only good answer), the
     * report's rows by store number (the same seed and sizes give the same rows), their digest, and the CSV saved.
     */
    public record Result(List<String> mismatches, Map<String, long[]> rowsByStoreNumber, String digest, String period,
                         Path csv, long paidOrders) {
    }

    /** Name, category, price in fen; the lineup runs them in this order and the third is the hot product. */
    private static final String[][] PRODUCTS = {
            {"Down jacket", "apparel", "39900"}, {"Running shoes", "shoes", "59900"}, {"Air fryer", "appliance", "49900"},
            {"Wok", "kitchen", "12900"}, {"Face cream", "beauty", "8800"}};
    private static final int HOT = 2;
    private static final Account.Rates DEFAULT_RATES = new Account.Rates(500, 100, 200, 300);
    private static final Account.Rates APPLIANCE_RATES = new Account.Rates(300, 50, 100, 150);
    /** Every fourth store holds stock of every product: its customers' orders ship from it and earn its fee. */
    private static final int STOCKED_EVERY = 4;
    private static final int BURST_MILLIS = 1_500;

    private final Options o;
    private final Api distribution;
    private final Api room;
    private final Api order;
    private final Api attribution;
    private final PrintStream out;
    private final Map<String, ConcurrentHistogram> latency = new TreeMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger placed = new AtomicInteger();
    private final AtomicInteger paid = new AtomicInteger();
    private final AtomicLong paidGmv = new AtomicLong();

    public Loadgen(Options options, PrintStream out) {
        this.o = options;
        this.distribution = new Api(options.distributionUrl());
        this.room = new Api(options.roomUrl());
        this.order = new Api(options.orderUrl(), options.paymentSecret());
        this.attribution = new Api(options.attributionUrl()).as(options.attributionToken());
        this.out = out;
        for (String k : List.of("click", "reserve", "join", "leave", "checkout", "pay", "refund", "ship", "deliver")) {
            latency.put(k, new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3));
        }
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(2);
            return;
        }
        Result r = new Loadgen(o, System.out).run();
        System.exit(r.mismatches().isEmpty() ? 0 : 1);
    }

    private record Link(String code, int store) {
    }

    /** {@code probeStoreId} and {@code probeCode}: the board probe's store and link, null without the board. */
    private record Chain(String tag, String sessionId, List<String> storeCodes, List<Link> links, List<String> skus,
                         String probeStoreId, String probeCode) {
    }

    public Result run() {
        long t0 = System.nanoTime();
        Chain chain = setUp();
        int[] storeOfLink = chain.links().stream().mapToInt(Link::store).toArray();
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < o.customers(); i++) {
            plans.add(Plan.draw(o.seed(), i, chain.links().size(), storeOfLink, PRODUCTS.length, HOT, BURST_MILLIS));
        }

        List<Plan> reservers = plans.stream().filter(Plan::reserves).toList();
        step(String.format("%,d customers reserve the broadcast through a link before it starts", reservers.size()));
        parallel(reservers.size(), i -> reserve(chain, reservers.get(i)));

        ConcurrentLinkedQueue<Account.Paid> paidOrders = new ConcurrentLinkedQueue<>();
        broadcast(chain, plans, paidOrders);
        List<Account.Paid> orders = paidOrders.stream()
                .sorted(java.util.Comparator.comparingInt(p -> p.plan().index())).toList();
        failOnErrors();

        String period = YearMonth.from(Instant.now().atZone(ZoneId.of("Asia/Shanghai"))).toString();
        step(String.format("%,d orders paid; waiting for the per-store report to show them", orders.size()));
        List<String> mismatches = awaitReport(chain, period, Account.expected(orders, false, false), false);
        if (mismatches.isEmpty()) {
            afterSales(orders);
            failOnErrors();
            step("refunds made, orders delivered; waiting for the report's final figures");
            mismatches = awaitReport(chain, period, Account.expected(orders, true, o.returnWindowDays() == 0), true);
        }
        mismatches = new ArrayList<>(mismatches);
        mismatches.addAll(checkStock(chain, plans));
        Map<String, long[]> rows = reportRows(chain, period);
        Map<String, long[]> byNumber = new TreeMap<>();
        rows.forEach((code, v) -> byNumber.put(code.substring(code.lastIndexOf('-') + 1), v));
        Path csv = saveCsv(period);
        summary(chain, plans, orders, byNumber, t0);
        if (mismatches.isEmpty()) {
            out.printf("%nno mismatches: every store's report row equals the load generator's own account, to the fen "
                    + "(%d stores, %s columns)%n", rows.size(), Account.COLUMNS.size());
        } else {
            out.printf("%n%d MISMATCHES between the load generator's account and the per-store report:%n",
                    mismatches.size());
            mismatches.forEach(m -> out.println("  " + m));
        }
        String digest = digest(byNumber);
        out.println("report digest (same seed and sizes, same digest): " + digest);
        out.println("CSV saved to " + csv.toAbsolutePath());
        out.println("JSON report: " + o.attributionUrl() + "/reports/stores?period=" + period);
        return new Result(List.copyOf(mismatches), byNumber, digest, period, csv, orders.size());
    }

    // ---- the chain ------------------------------------------------------------------------------------------

    private Chain setUp() {
        // a fresh tag per run keeps runs apart in one database; the report's digest leaves it out
        String tag = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(60_466_176L,
                2_176_782_336L), 36).toUpperCase();
        JsonNode policy = attribution.get("/attribution/policy").expect(200);
        if (!"LAST_TOUCH".equals(policy.get("model").asString())) {
            throw new IllegalStateException("the load generator's account follows the LAST_TOUCH model; the brand's "
                    + "policy is " + policy.get("model").asString() + " (version " + policy.get("version") + ")");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        step("chain " + tag + ": commission plan, HQ room, broadcast and its lineup");
        distribution.post("/commission-plans", Map.of("effectiveFrom", now.minusSeconds(1).toString(),
                "currency", "CNY", "rates", Map.of("*", rates(DEFAULT_RATES), "appliance", rates(APPLIANCE_RATES))))
                .expect(201);
        String roomId = room.post("/rooms", Map.of("ownerType", "HQ", "name", "HQ live " + tag,
                "watchUrl", "https://live.example.com/hq")).expect(201).get("id").asString();
        String sessionId = room.post("/rooms/" + roomId + "/sessions", Map.of("title", "Chain broadcast " + tag,
                "scheduledStart", now.plusSeconds(60).toString())).expect(201).get("id").asString();
        List<String> skus = new ArrayList<>();
        List<Map<String, Object>> lineup = new ArrayList<>();
        for (int p = 0; p < PRODUCTS.length; p++) {
            String sku = "SKU-" + tag + "-" + (p + 1);
            order.post("/products", Map.of("sku", sku, "name", PRODUCTS[p][0], "category", PRODUCTS[p][1],
                    "price", Long.parseLong(PRODUCTS[p][2]))).expect(201);
            order.post("/sessions/" + sessionId + "/stock", Map.of("sku", sku, "units", 1_000_000)).expect(201);
            skus.add(sku);
            lineup.add(Map.of("kind", "PRODUCT", "sku", sku, "plannedSeconds", Math.max(1, o.seconds() / PRODUCTS.length)));
        }
        room.put("/sessions/" + sessionId + "/lineup", Map.of("lineup", lineup)).expect(200);

        step(String.format("%,d dealers, %,d stores, %,d staff, and a tracked link for each store and staff member",
                o.dealers(), o.stores(), o.stores() * o.staffPerStore()));
        List<String> dealerIds = new ArrayList<>();
        for (int d = 1; d <= o.dealers(); d++) {
            dealerIds.add(distribution.post("/dealers", Map.of("code", "D" + tag + "-" + d, "name", "经销商 " + d))
                    .expect(201).get("id").asString());
        }
        String[] storeIds = new String[o.stores()];
        String[] storeCodes = new String[o.stores()];
        List<List<Link>> linksOf = new ArrayList<>();
        for (int s = 0; s < o.stores(); s++) {
            linksOf.add(null);
        }
        parallel(o.stores(), s -> {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("code", String.format("S%s-%05d", tag, s + 1),
                    "name", "门店 " + (s + 1)));
            if (s % 5 != 4) {                                   // four stores in five belong to a dealer
                body.put("dealerId", dealerIds.get(s % dealerIds.size()));
            }
            JsonNode st = distribution.post("/stores", body).expect(201);
            storeIds[s] = st.get("id").asString();
            storeCodes[s] = st.get("code").asString();
            List<Link> mine = new ArrayList<>();
            mine.add(new Link(issueLink("STORE", storeIds[s], roomId), s));
            for (int k = 1; k <= o.staffPerStore(); k++) {
                String staffId = distribution.post("/stores/" + storeIds[s] + "/staff", Map.of("name", "店员 " + k))
                        .expect(201).get("id").asString();
                mine.add(new Link(issueLink("STAFF", staffId, roomId), s));
            }
            if (s % STOCKED_EVERY == 0) {
                for (String sku : skus) {
                    distribution.put("/stores/" + storeIds[s] + "/stock/" + sku, Map.of("onHand", 1_000_000))
                            .expect(200);
                }
            }
            linksOf.set(s, mine);
        });
        List<Link> links = linksOf.stream().flatMap(List::stream).toList();
        String probeStore = null;
        String probeCode = null;
        if (o.leaderboard()) {
            // outside the report's check (its code does not start with S<tag>-): it sells nothing
            probeStore = distribution.post("/stores", Map.of("code", "P" + tag + "-board", "name", "看板探针"))
                    .expect(201).get("id").asString();
            probeCode = issueLink("STORE", probeStore, roomId);
        }
        return new Chain(tag, sessionId, List.of(storeCodes), links, List.copyOf(skus), probeStore, probeCode);
    }

    private static Map<String, Object> rates(Account.Rates r) {
        return Map.of("trafficBps", r.traffic(), "staffBonusBps", r.staffBonus(),
                "dealerOverrideBps", r.dealerOverride(), "fulfilmentBps", r.fulfilment());
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

    // ---- the broadcast --------------------------------------------------------------------------------------

    private void reserve(Chain chain, Plan p) {
        String ref = click(chain.links().get(p.links().getFirst()));
        timed("reserve", () -> room.post("/sessions/" + chain.sessionId() + "/reservations",
                Map.of("customerId", customer(chain, p), "ref", ref)), 201);
    }

    /**
     * Starts the session, pins the lineup's products in turn and lets the customers in open loop: customer {@code i}
     * arrives at {@code i / rate} seconds into the first 80 % of the broadcast, whether or not the ones before have
     * been answered. A customer who wants the hot product and arrives before its pin waits for it: the pin sets off
     * the checkout burst, spread over {@value #BURST_MILLIS} ms.
     */
    private void broadcast(Chain chain, List<Plan> plans, ConcurrentLinkedQueue<Account.Paid> paidOrders) {
        room.post("/sessions/" + chain.sessionId() + "/start", "").expect(200);
        double rate = plans.size() / (o.seconds() * 0.8);
        step(String.format("broadcast %s is live for %d s: %,d customers arrive at %,.0f a second; the %s's pin "
                + "sets off a checkout burst", chain.sessionId(), o.seconds(), plans.size(), rate, PRODUCTS[HOT][0]));
        CountDownLatch hotPinned = new CountDownLatch(1);
        long start = System.nanoTime();
        long slotNanos = TimeUnit.SECONDS.toNanos(o.seconds()) / PRODUCTS.length;
        Thread pinner = Thread.ofVirtual().start(() -> {
            for (int p = 0; p < PRODUCTS.length; p++) {
                parkUntil(start + p * slotNanos);
                room.post("/sessions/" + chain.sessionId() + "/pin", Map.of("sku", chain.skus().get(p))).expect(200);
                if (p == HOT) {
                    hotPinned.countDown();
                }
            }
        });
        Thread progress = Thread.ofPlatform().daemon().start(() -> progress(chain, plans.size(), start));
        BoardProbe probe = chain.probeStoreId() == null ? null : new BoardProbe(distribution, room, attribution,
                chain.sessionId(), chain.probeStoreId(), chain.probeCode(), chain.tag());
        Thread prober = probe == null ? null : Thread.ofVirtual().start(probe::run);
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            long interval = (long) (1e9 / rate);
            for (Plan p : plans) {
                parkUntil(start + p.index() * interval);
                customers.submit(() -> {
                    arrived.incrementAndGet();
                    try {
                        journey(chain, p, hotPinned, paidOrders);
                    } catch (RuntimeException e) {
                        error("customer " + p.index() + ": " + e.getMessage());
                    } finally {
                        finished.incrementAndGet();
                    }
                });
            }
            join(pinner);
        }
        progress.interrupt();
        join(progress);
        parkUntil(start + TimeUnit.SECONDS.toNanos(o.seconds()));
        if (probe != null) {
            probe.stop();
            join(prober);
        }
        room.post("/sessions/" + chain.sessionId() + "/end", "").expect(200);
        out.printf("%nbroadcast ended after %.1f s: %,d orders placed, %,d paid%n", (System.nanoTime() - start) / 1e9,
                placed.get(), paid.get());
        if (probe != null) {
            probe.print(out);
        }
    }

    private void journey(Chain chain, Plan p, CountDownLatch hotPinned, ConcurrentLinkedQueue<Account.Paid> paidOrders) {
        String c = customer(chain, p);
        String path = "/sessions/" + chain.sessionId();
        Link last = null;
        if (p.links().isEmpty()) {
            timed("join", () -> room.post(path + "/join", Map.of("customerId", c)), 202);
        }
        for (int i = 0; i < p.links().size(); i++) {
            last = chain.links().get(p.links().get(i));
            String ref = click(last);
            timed("join", () -> room.post(path + "/join", Map.of("customerId", c, "ref", ref)), 202);
            if (i + 1 < p.links().size()) {
                timed("leave", () -> room.post(path + "/leave", Map.of("customerId", c)), 202);
            }
        }
        if (p.rejoins()) {                                      // stepped away and came back from the app: no ref
            timed("leave", () -> room.post(path + "/leave", Map.of("customerId", c)), 202);
            timed("join", () -> room.post(path + "/join", Map.of("customerId", c)), 202);
        }
        if (p.buys()) {
            if (p.lines().getFirst().product() == HOT && hotPinned.getCount() > 0) {
                await(hotPinned);
                sleep(p.burstDelayMillis());
            }
            checkout(chain, p, c, last, paidOrders);
        }
        timed("leave", () -> room.post(path + "/leave", Map.of("customerId", c)), 202);
    }

    private void checkout(Chain chain, Plan p, String customer, Link last,
                          ConcurrentLinkedQueue<Account.Paid> paidOrders) {
        List<Map<String, Object>> lines = new ArrayList<>();
        long total = 0;
        for (Plan.Line l : p.lines()) {
            lines.add(Map.of("sku", chain.skus().get(l.product()), "quantity", l.quantity()));
            total += Long.parseLong(PRODUCTS[l.product()][2]) * l.quantity();
        }
        Map<String, Object> body = new LinkedHashMap<>(Map.of("clientOrderId", "co-" + customer, "customerId",
                customer, "sessionId", chain.sessionId(), "lines", lines));
        if (last != null) {
            body.put("ref", last.code());                       // the watch page carries the link's ref to checkout
        }
        JsonNode placedOrder = timed("checkout", () -> order.post("/orders", body), 201);
        placed.incrementAndGet();
        if (placedOrder.get("total").asLong() != total) {
            error("order " + placedOrder.get("id").asString() + " totals " + placedOrder.get("total").asLong()
                    + " fen, the catalog's prices make " + total);
        }
        if (!p.pays()) {
            return;                                             // left unpaid: cancelled at the payment timeout
        }
        String orderId = placedOrder.get("id").asString();
        long amount = total;
        timed("pay", () -> order.pay(orderId, "pay-" + orderId, amount), 200);
        paid.incrementAndGet();
        paidGmv.addAndGet(total);
        List<Account.Line> accountLines = new ArrayList<>();
        for (int i = 0; i < p.lines().size(); i++) {
            Plan.Line l = p.lines().get(i);
            accountLines.add(new Account.Line(i + 1, Long.parseLong(PRODUCTS[l.product()][2]) * l.quantity(),
                    "appliance".equals(PRODUCTS[l.product()][1]) ? APPLIANCE_RATES : DEFAULT_RATES));
        }
        String store = last == null ? null : chain.storeCodes().get(last.store());
        paidOrders.add(new Account.Paid(p, orderId, store, last != null && last.store() % STOCKED_EVERY == 0,
                List.copyOf(accountLines)));
    }

    private String click(Link l) {
        Api.Reply r = timedReply("click", () -> distribution.get("/l/" + l.code()), 302);
        String location = r.header("Location");
        for (String kv : URI.create(location).getRawQuery().split("&")) {
            if (kv.startsWith("ref=")) {
                return kv.substring(4);
            }
        }
        throw new IllegalStateException("no ref in the redirect to " + location);
    }

    private static String customer(Chain chain, Plan p) {
        return "c-" + chain.tag() + "-" + p.index();
    }

    // ---- after the broadcast --------------------------------------------------------------------------------

    /** Refunds as planned, then ships and delivers (a shipment waits until the order's fulfilment is assigned). */
    private void afterSales(List<Account.Paid> orders) {
        List<Account.Paid> refunded = orders.stream().filter(x -> x.plan().refund() != Plan.Refund.NONE).toList();
        step(String.format("%,d refunds (partial and full)", refunded.size()));
        parallel(refunded.size(), i -> {
            Account.Paid x = refunded.get(i);
            for (Account.Line l : x.lines()) {
                long amount = Account.refundOf(x.plan(), l);
                if (amount > 0) {
                    timed("refund", () -> order.post("/orders/" + x.orderId() + "/refunds", Map.of("refundId",
                            "rf-" + x.orderId() + "-" + l.lineNo(), "lineNo", l.lineNo(), "amount", amount)), 200);
                }
            }
        });
        List<Account.Paid> delivered = orders.stream().filter(x -> x.plan().delivered()).toList();
        step(String.format("%,d orders shipped and delivered (return window %d days)", delivered.size(),
                o.returnWindowDays()));
        parallel(delivered.size(), i -> {
            String id = delivered.get(i).orderId();
            long until = System.currentTimeMillis() + 60_000;
            Api.Reply r;
            while ((r = timedReply("ship", () -> order.post("/orders/" + id + "/shipments",
                    Map.of("carrier", "SF", "trackingNo", "SF" + id)), -1)).status() == 409
                    && System.currentTimeMillis() < until) {
                sleep(200);                                     // not assigned to a fulfiller yet
            }
            r.expect(200);
            timed("deliver", () -> order.post("/orders/" + id + "/delivery", ""), 200);
        });
    }

    private List<String> awaitReport(Chain chain, String period, Map<String, long[]> expected, boolean allColumns) {
        long until = System.currentTimeMillis() + o.reportWaitSeconds() * 1000L;
        long t0 = System.nanoTime();
        if (!allColumns) {                                      // before refunds: the sales and accrual columns
            expected.replaceAll((k, v) -> project(v));
        }
        while (true) {
            Map<String, long[]> rows = reportRows(chain, period);
            if (!allColumns) {
                rows.replaceAll((k, v) -> project(v));
            }
            List<String> m = Account.mismatches(expected, rows);
            if (m.isEmpty()) {
                out.printf("  the report agrees with the account %.1f s later%n", (System.nanoTime() - t0) / 1e9);
                return m;
            }
            if (System.currentTimeMillis() > until) {
                out.printf("  the report still differs after %d s%n", o.reportWaitSeconds());
                return m;
            }
            sleep(500);
        }
    }

    private static long[] project(long[] row) {
        return new long[]{row[0], row[1], 0, 0, row[4], 0, 0, 0, 0, 0, 0};
    }

    /** This run's rows of the per-store report, by store code, every page. */
    private Map<String, long[]> reportRows(Chain chain, String period) {
        Map<String, long[]> rows = new TreeMap<>();
        String prefix = "S" + chain.tag() + "-";
        for (int page = 0; ; page++) {
            JsonNode r = attribution.get("/reports/stores?period=" + period + "&size=10000&page=" + page).expect(200);
            for (JsonNode row : r.get("rows")) {
                if (row.get("code").asString().startsWith(prefix)) {
                    long[] v = new long[Account.COLUMNS.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = row.get(Account.COLUMNS.get(i)).asLong();
                    }
                    rows.put(row.get("code").asString(), v);
                }
            }
            if (r.get("rows").size() < 10_000) {
                return rows;
            }
        }
    }

    /** Zero oversell: each product's sold units equal the units of the orders the generator placed. */
    private List<String> checkStock(Chain chain, List<Plan> plans) {
        long[] units = new long[PRODUCTS.length];
        plans.stream().filter(Plan::buys).forEach(p -> p.lines().forEach(l -> units[l.product()] += l.quantity()));
        List<String> out = new ArrayList<>();
        for (int p = 0; p < PRODUCTS.length; p++) {
            JsonNode s = order.get("/sessions/" + chain.sessionId() + "/stock/" + chain.skus().get(p)).expect(200);
            if (s.get("sold").asLong() != units[p]) {
                out.add(chain.skus().get(p) + " sold: expected " + units[p] + ", the stock says " + s.get("sold"));
            }
        }
        return out;
    }

    private Path saveCsv(String period) {
        try {
            Files.createDirectories(o.reportsDir());
            Path file = o.reportsDir().resolve("store-commission-" + period + ".csv");
            Files.write(file, attribution.get("/reports/stores.csv?period=" + period).bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String digest(Map<String, long[]> rowsByNumber) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            rowsByNumber.forEach((n, v) -> sha.update((n + java.util.Arrays.toString(v) + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what the run prints --------------------------------------------------------------------------------

    private void progress(Chain chain, int customers, long start) {
        boolean console = System.console() != null;
        long lastBoard = 0;
        long lastRequests = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(console ? 1_000 : 5_000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            int done = finished.get();
            int width = 30;
            int filled = (int) ((long) done * width / Math.max(1, customers));
            long reqs = requests.get();
            String line = String.format("[%s%s] %3d%%  %,d/%,d customers  %,d orders  %,d paid  GMV ¥%s  %,d req/s",
                    "#".repeat(filled), ".".repeat(width - filled), done * 100L / Math.max(1, customers), done,
                    customers, placed.get(), paid.get(), yuan(paidGmv.get()),
                    (reqs - lastRequests) / (console ? 1 : 5));
            lastRequests = reqs;
            out.print(console ? "\r" + line : line + "\n");
            if (o.leaderboard() && now - lastBoard > TimeUnit.SECONDS.toNanos(5)) {
                lastBoard = now;
                printLeaderboard(chain, 5, console);
            }
        }
    }

    private void printLeaderboard(Chain chain, int top, boolean console) {
        try {
            JsonNode b = attribution.get("/sessions/" + chain.sessionId() + "/leaderboard").expect(200);
            StringBuilder s = new StringBuilder(console ? "\n" : "").append("  live leaderboard (top ").append(top)
                    .append("): ");
            int n = 0;
            for (JsonNode r : b.get("rows")) {
                if (n++ == top) {
                    break;
                }
                s.append(String.format("%d. %s %,d viewers %,d paid ¥%s  ", r.get("rank").asInt(),
                        r.get("storeName").asString(), r.get("uniqueViewers").asLong(), r.get("paidOrders").asLong(),
                        yuan(r.get("paidGmv").asLong())));
            }
            out.println(s.toString().stripTrailing());
        } catch (RuntimeException e) {
            out.println("  (leaderboard not available: " + e.getMessage() + ")");
        }
    }

    private void summary(Chain chain, List<Plan> plans, List<Account.Paid> orders, Map<String, long[]> rows, long t0) {
        long linked = plans.stream().filter(p -> !p.links().isEmpty()).count();
        long two = plans.stream().filter(p -> p.links().size() > 1).count();
        long hq = orders.stream().filter(x -> x.storeCode() == null).count();
        out.printf("%nsummary of chain %s, seed %d (%.1f s in all, %,d requests)%n", chain.tag(), o.seed(),
                (System.nanoTime() - t0) / 1e9, requests.get());
        out.printf("  %,d customers: %,d through a link (%,d through two stores'), %,d with none; %,d reserved, "
                        + "%,d left and rejoined%n", plans.size(), linked, two, plans.size() - linked,
                plans.stream().filter(Plan::reserves).count(), plans.stream().filter(Plan::rejoins).count());
        out.printf("  %,d orders placed, %,d paid (%,d credited to HQ), %,d refunded in part, %,d in full, %,d "
                        + "delivered%n", placed.get(), orders.size(), hq,
                orders.stream().filter(x -> x.plan().refund() == Plan.Refund.HALF_OF_FIRST_LINE).count(),
                orders.stream().filter(x -> x.plan().refund() == Plan.Refund.FULL).count(),
                orders.stream().filter(x -> x.plan().delivered()).count());
        out.println("  latency of each call as the customer saw it (ms): p50 / p99 / max, count");
        latency.forEach((k, h) -> {
            if (h.getTotalCount() > 0) {
                out.printf("    %-9s %7.1f %7.1f %7.1f  %,d%n", k, h.getValueAtPercentile(50) / 1e3,
                        h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
            }
        });
        long[] sum = new long[Account.COLUMNS.size()];
        rows.values().forEach(v -> {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        });
        out.printf("  per-store report, %d stores: %,d orders, gross ¥%s, refunds ¥%s, commission net ¥%s "
                        + "(pending ¥%s, settleable ¥%s)%n", rows.size(), sum[0], yuan(sum[1]), yuan(sum[2]),
                yuan(sum[6]), yuan(sum[7]), yuan(sum[8]));
    }

    private void step(String what) {
        out.println("loadgen: " + what);
    }

    private static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen).movePointLeft(2).setScale(2).toPlainString();
    }

    // ---- calls, timing and failures -------------------------------------------------------------------------

    private JsonNode timed(String kind, java.util.function.Supplier<Api.Reply> call, int expected) {
        return timedReply(kind, call, expected).expect(expected);
    }

    /** Makes a call, records its latency; {@code expected} -1 leaves the status to the caller. */
    private Api.Reply timedReply(String kind, java.util.function.Supplier<Api.Reply> call, int expected) {
        long t = System.nanoTime();
        Api.Reply r = call.get();
        Histogram h = latency.get(kind);
        h.recordValue(Math.min(h.getHighestTrackableValue(), (System.nanoTime() - t) / 1_000));
        requests.incrementAndGet();
        if (expected >= 0 && r.status() != expected) {
            throw new IllegalStateException(kind + " answered " + r.status() + " instead of " + expected + ": "
                    + r.text());
        }
        return r;
    }

    private void error(String what) {
        errors.add(what);
    }

    private void failOnErrors() {
        if (!errors.isEmpty()) {
            out.printf("%n%d calls failed; the first: %s%n", errors.size(), errors.peek());
            throw new IllegalStateException(errors.size() + " calls failed, the first: " + errors.peek());
        }
    }

    private static void parallel(int n, IntConsumer task) {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(pool.submit(() -> task.accept(k)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("loadgen step failed: " + e.getMessage(), e);
        }
    }

    private static void parkUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
