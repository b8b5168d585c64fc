package io.storecast.launcher;

import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.outbox.OutboxRecord;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;

/**
 * The paid-orders benchmark (issue 6): publishes, as order-service and store-distribution would, a dealer with
 * {@code stores} stores, one store link each and a plan (500 bp traffic, 200 bp dealer override, 300 bp fulfilment),
 * then for {@code rate × (warm-up + seconds)} new customers an {@code OrderPlaced} with a store's ref and its {@code
 * OrderPaid}, open loop at {@code rate} orders a second (with a give-up limit it stops offering once the path is that
 * many seconds behind: the sustained rate is lost by then, and draining a longer backlog only makes the run longer);
 * and answers each order's decision with its {@code FulfilmentAssigned}, as store-distribution would ({@link #fulfil}:
 * every other order shipped from the credited store, with its fee), so attribution takes every event a paid order
 * brings it in production. With store-distribution running beside it, that is its part instead ({@code fulfil} 0): it
 * ships the run's orders from the HQ warehouse, since the run's stores are not in its books, and no fee is earned.
 *
 * <p>Two latencies per order, from sending its payment: to receiving its traffic entry on attribution's commission
 * ledger topic (read meanwhile; the decision stream publishes it in the transaction that takes the decision, before
 * the read model and the report rollups are written), and — given attribution's URL — to the order being counted in
 * the finance report, which is the target's measure: the run dealer's report ({@code GET /reports/dealers}) is polled
 * every {@value #REPORT_POLL_MS} ms, and when its attributed orders grow from {@code a} to {@code b} the orders sent
 * {@code a}th to {@code b}th are taken as visible at the moment that answer arrived. Two errors, opposite ways: the
 * stamp at the answer's arrival counts the poll's round trip in (printed beside), and the report counts orders, not
 * which ones, so this pairs the k-th counted with the k-th sent — exact while they are counted in the order sent;
 * when the three partitions drift apart, pairing sorted times understates the tail. At the end it prints the rate achieved and both
 * latencies' percentiles (HdrHistogram) over the orders after the warm-up, and the totals the report must show for
 * the run's dealer, which {@code tools/bench/paid.sh} compares with the report. Entries are counted once per id: a
 * duplicate on the topic is counted apart (at-least-once delivery), a missing or doubled entry in the ledger shows in
 * the report's totals.
 *
 * <pre>java -cp storecast-local-exec.jar -Dloader.main=io.storecast.launcher.PaidLoad \
 *     org.springframework.boot.loader.launch.PropertiesLauncher bootstrap rate seconds stores [seed] \
 *     [warm-up seconds] [give-up seconds] [attribution URL] [fulfil: 1 or 0]</pre>
 * The report is read as finance, with {@code STORECAST_TOKEN} or else a token of the local identity
 * ({@link LocalStack#toolToken}).
 */
public final class PaidLoad {

    /** How often the run dealer's report is asked for its count of orders. */
    static final long REPORT_POLL_MS = 100;

    static final int TRAFFIC_BPS = 500;
    static final int OVERRIDE_BPS = 200;
    static final int FULFILMENT_BPS = 300;

    private PaidLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("event-size")) {
            System.out.println(eventSize());            // the benchmark's Kafka tools send records of this size
            return;
        }
        if (args.length < 4) {
            System.err.println("usage: PaidLoad <kafka bootstrap> <orders/s> <seconds> <stores> [seed] "
                    + "[warm-up seconds, default 0] [give up when this many seconds behind, default 0: never] "
                    + "[attribution URL: poll the report for when each order is counted, default: do not] "
                    + "[1: answer each decision with its fulfilment as store-distribution would (default), 0: do not]");
            System.exit(2);
        }
        String bootstrap = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int stores = Integer.parseInt(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 7;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int giveUpSeconds = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        String attribution = args.length > 7 && !args[7].isBlank() ? args[7].replaceAll("/+$", "") : null;
        // off when store-distribution runs beside attribution and assigns the orders itself (from the warehouse: the
        // run's stores are not in its books)
        boolean fulfil = args.length <= 8 || !args[8].equals("0");
        int warmupOrders = rate / 4 * warmup;   // the warm-up runs at a quarter of the rate: the JIT, not a backlog
        String run = UUID.randomUUID().toString().substring(0, 8);
        int orders = warmupOrders + rate * seconds;
        Random random = new Random(seed);
        long[] amounts = new long[orders];
        for (int i = 0; i < orders; i++) {
            amounts[i] = 1_000 + random.nextInt(99_000);
        }
        long[] sentAt = new long[orders];
        long[] latency = new long[orders];
        Arrays.fill(latency, -1);
        long[] counted = new long[orders];          // nanoTime at which the report had counted that many orders
        Arrays.fill(counted, -1);

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            String dealer = "pd-" + run;
            send(producer, Events.COMMISSION_PLAN_PUBLISHED, "plan", "plan", new CommissionPlanPublished(
                    (int) (now.getEpochSecond() % 1_000_000_000), now.minusSeconds(60), "CNY",
                    Map.of("*", new CommissionPlanPublished.Rates(TRAFFIC_BPS, 0, OVERRIDE_BPS, FULFILMENT_BPS)), now));
            send(producer, Events.DEALER_REGISTERED, dealer, dealer, new DealerRegistered(dealer, "PD-" + run,
                    "Bench dealer " + run, now));
            for (int s = 0; s < stores; s++) {
                String store = store(run, s);
                send(producer, Events.STORE_REGISTERED, store, store, new StoreRegistered(store, "PS-" + run + "-" + s,
                        "压测门店 " + s, dealer, now, null, null, null));
                send(producer, Events.LINK_ISSUED, code(run, s), code(run, s), new LinkIssued(code(run, s), "STORE",
                        store, store, dealer, "bench-room", null, "poster", now, null));
            }
            producer.flush();
            System.out.printf("run %s: dealer %s, %,d stores and links published; waiting 10 s for them to arrive%n",
                    run, dealer, stores);
            Thread.sleep(10_000);

            AtomicBoolean reading = new AtomicBoolean(true);
            // entries, duplicates, foreign, orders with their traffic entry: counted by the reader, read while it runs
            AtomicLongArray seen = new AtomicLongArray(5);     // ... and [4]: when the last traffic entry came
            Thread reader = new Thread(() -> read(bootstrap, run, sentAt, latency, seen, reading), "ledger-reader");
            reader.start();
            // store-distribution's part: every decision answered with who ships the order (and, from a store, its fee)
            AtomicInteger assigned = new AtomicInteger();
            Thread fulfiller = new Thread(() -> fulfil(bootstrap, run, producer, assigned, reading), "fulfiller");
            if (fulfil) {
                fulfiller.start();
            }
            // the period as the service computes it (the brand's zone), fixed for the run
            // (a run across the end of a month there counts fewer orders than were sent, and fails the check)
            String period = java.time.YearMonth.from(Instant.now().atZone(ZoneId.of("Asia/Shanghai"))).toString();
            Histogram roundTrips = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
            // orders counted in the report, failed polls, nanoTime of the last poll that counted more
            AtomicLongArray reported = new AtomicLongArray(3);
            reported.set(2, System.nanoTime());
            Thread poller = attribution == null ? null : new Thread(() -> poll(attribution + "/reports/dealers?period="
                    + period + "&dealerId=" + dealer, counted, reported, roundTrips, reading), "report-poller");
            if (poller != null) {
                poller.setDaemon(true);
                poller.start();
            }
            Thread.sleep(3_000);                    // the reader has its partitions

            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            long measureFrom = start + warmupOrders * 4 * interval;
            int sent = 0;
            String gaveUp = null;
            for (int i = 0; i < orders; i++) {
                // the sustained target is lost once the path is this far behind: stop offering, drain, and say so
                if (giveUpSeconds > 0 && i >= warmupOrders && i % 1_000 == 0
                        && i - seen.get(3) > (long) rate * giveUpSeconds) {
                    gaveUp = String.format("gave up offering after %.1f s: %,d orders sent, %,d of them not yet in the "
                            + "ledger (more than %d s behind the offered rate)", (System.nanoTime() - start) / 1e9, i,
                            i - seen.get(3), giveUpSeconds);
                    System.out.println(gaveUp);
                    break;
                }
                long due = i < warmupOrders ? start + i * 4 * interval : measureFrom + (i - warmupOrders) * interval;
                if (due > System.nanoTime()) {
                    LockSupport.parkNanos(endOfTick(start, due) - System.nanoTime());
                }
                String order = "po-" + run + "-" + i, customer = "pc-" + run + "-" + i;
                int s = i % stores;
                Instant placed = Instant.now();
                List<OrderLine> lines = List.of(new OrderLine(1, "SKU-BENCH", "apparel", 1, amounts[i], amounts[i]));
                send(producer, Events.ORDER_PLACED, customer, order, new OrderPlaced(order, "co-" + order, customer,
                        "bench-session", code(run, s), lines, amounts[i], "CNY", placed));
                sentAt[i] = System.nanoTime();
                send(producer, Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, "bench-session",
                        code(run, s), "pay-" + order, lines, amounts[i], "CNY", placed, placed));
                sent = i + 1;
                if (i > 0 && i % rate == 0) {
                    System.out.printf("  %,d s: %,d orders sent, %,d entries received%n", i / rate, i, seen.get(0));
                }
            }
            producer.flush();
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            double sustained = Math.max(0, (System.nanoTime() - measureFrom) / 1e9);
            System.out.printf("sent %,d paid orders in %.1f s (%,.0f/s)%n", sent, sendSeconds, sent / sendSeconds);
            int total = sent;

            // until every entry is in and the report counts every order; the report is given up on once it has
            // counted nothing more for 30 s after the last entry (polls failing, say)
            long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(120, total / 400)).toNanos();
            while (System.nanoTime() < deadline && (seen.get(3) < total || fulfil && assigned.get() < total
                    || poller != null && poller.isAlive()
                    && reported.get(0) < total && System.nanoTime() - Math.max(reported.get(2), seen.get(4))
                    < TimeUnit.SECONDS.toNanos(30))) {
                Thread.sleep(200);
            }
            reading.set(false);
            reader.join();
            if (fulfil) {
                fulfiller.join();
                producer.flush();
                System.out.printf("fulfilment assigned for %,d of %,d orders%n", assigned.get(), total);
            }
            if (poller != null) {
                poller.join(10_000);
            }

            // after the warm-up: the latencies of the orders offered at the full rate (HdrHistogram), and the rate at
            // which orders came out of the path from the end of the warm-up to the last entry
            Histogram h = new Histogram(TimeUnit.MINUTES.toMillis(30), 3);
            long lastNanos = measureFrom;
            int received = 0;
            for (int i = 0; i < total; i++) {
                if (latency[i] < 0) {
                    continue;
                }
                long arrived = sentAt[i] + latency[i] * 1_000_000;
                if (i >= warmupOrders) {
                    h.recordValue(Math.min(h.getHighestTrackableValue(), latency[i]));
                }
                if (arrived >= measureFrom) {
                    lastNanos = Math.max(lastNanos, arrived);
                    received++;
                }
            }
            double drainSeconds = Math.max(1e-3, (lastNanos - measureFrom) / 1e9);
            System.out.printf("traffic entries received for %,d of %,d orders sent (%,d entries in all, %,d duplicate "
                            + "deliveries); after the %d s warm-up %,d orders out in %.1f s: %,.0f orders/s end to end%n",
                    seen.get(3), total, seen.get(0), seen.get(1), warmup, received, drainSeconds,
                    received / drainSeconds);
            System.out.println("payment -> traffic entry published: " + percentiles(h));
            // payment -> counted in the report, in ms (-1: not counted before the end)
            IntToLongFunction toReport = i -> counted[i] < 0 ? -1
                    : Math.max(0, counted[i] - sentAt[i]) / 1_000_000;
            // ... for the orders after the warm-up that were counted
            Histogram r = new Histogram(TimeUnit.MINUTES.toMillis(30), 3);
            for (int i = warmupOrders; i < total; i++) {
                if (counted[i] >= 0) {
                    r.recordValue(Math.min(r.getHighestTrackableValue(), toReport.applyAsLong(i)));
                }
            }
            // how long after the last entry the report counted the last order (-1: it never did)
            long reportAfterEntryMs = total > 0 && reported.get(0) >= total
                    ? Math.max(0, counted[total - 1] - seen.get(4)) / 1_000_000 : -1;
            if (poller != null) {
                System.out.printf("payment -> counted in the report (polled every %d ms; %,d polls failed; the polls' "
                                + "round trip p99 %d ms, max %d ms): %,d of %,d orders counted, the last %,d ms after "
                                + "the last entry; %s%n", REPORT_POLL_MS, reported.get(1),
                        roundTrips.getValueAtPercentile(99), roundTrips.getMaxValue(), reported.get(0), total,
                        reportAfterEntryMs, percentiles(r));
            }
            // an order's latency as measured: to the report when it was polled, else to its entry (-1: none)
            IntToLongFunction measured = i -> poller != null ? toReport.applyAsLong(i) : latency[i];
            // where in the run the tail was: per second of sending after the warm-up, its slowest order (a spike or
            // a backlog building up read differently; -1: none of that second's orders measured)
            StringBuilder worst = new StringBuilder();
            for (int from = warmupOrders; from < total; from += rate) {
                long max = -1;
                for (int i = from; i < Math.min(total, from + rate); i++) {
                    max = Math.max(max, measured.applyAsLong(i));
                }
                worst.append(worst.isEmpty() ? "" : " ").append(max);
            }
            System.out.println("slowest order of each second sent, ms: " + worst);
            // and per minute of sending after the warm-up, its p99: whether the tail is the first minute's (a JVM
            // still compiling) or every minute's
            String minutes = p99Each(measured, warmupOrders, total, 60 * rate).stream().map(String::valueOf)
                    .collect(Collectors.joining(" "));
            System.out.println("p99 of each minute sent, ms: " + minutes);
            // what the report must show covers every order sent, warm-up included
            long gross = 0, traffic = 0, override = 0, fulfilment = 0;
            for (int i = 0; i < total; i++) {
                gross += amounts[i];
                traffic += roundHalfUp(amounts[i], TRAFFIC_BPS);
                override += roundHalfUp(amounts[i], OVERRIDE_BPS);
                fulfilment += fulfil && shipsFromStore(i) ? roundHalfUp(amounts[i], FULFILMENT_BPS) : 0;
            }
            System.out.printf("the report must show for dealer %s in %s: orders %d gross %d store commission %d "
                    + "(traffic %d, fulfilment %d) dealer commission %d%n", dealer, period, total, gross,
                    traffic + fulfilment, traffic, fulfilment, override);
            // p50/p99/max: payment -> counted in the report when it was polled, else -> entry published; -1: none
            Histogram main = poller != null ? r : h;
            System.out.printf(Locale.ROOT, "RESULT run=%s orders=%d received=%d rate=%.0f p50=%d p99=%d "
                            + "max=%d measured_to=%s entry_p50=%d entry_p99=%d counted=%d report_after_entry_ms=%d "
                            + "gross=%d traffic=%d fulfilment=%d override=%d dealer=%s period=%s offered=%d "
                            + "sustained_s=%.1f gave_up=%b%n", run, total, seen.get(3), received / drainSeconds,
                    at(main, 50), at(main, 99), main.getTotalCount() > 0 ? main.getMaxValue() : -1,
                    poller != null ? "report" : "entry", at(h, 50), at(h, 99), reported.get(0), reportAfterEntryMs,
                    gross, traffic, fulfilment, override, dealer, period, rate, sustained, gaveUp != null);
        }
    }

    private static void read(String bootstrap, String run, long[] sentAt, long[] latency, AtomicLongArray seen,
                             AtomicBoolean reading) {
        String prefix = "po-" + run + "-";
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "paid-load-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                // an entry counts once its transaction commits (the decision stream's), as every consumer reads it
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Events.COMMISSION_ENTRY_RECORDED.topic()));
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    long at = System.nanoTime();
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        seen.incrementAndGet(2);
                        continue;
                    }
                    EntrySeen e = EventJson.read(r.value(), EntrySeen.class);
                    if (!ids.add(e.entryId())) {
                        seen.incrementAndGet(1);
                        continue;
                    }
                    seen.incrementAndGet(0);
                    if ("TRAFFIC".equals(e.role())) {
                        int i = Integer.parseInt(e.orderId().substring(prefix.length()));
                        latency[i] = (at - sentAt[i]) / 1_000_000;
                        seen.set(4, at);        // before the count, which the main thread reads first
                        seen.incrementAndGet(3);
                    }
                }
            }
        }
    }

    /**
     * Store-distribution's part in the path: reads attribution's decisions ({@code OrderAttributed}, committed only)
     * and answers each first decision of the run's orders with its {@code FulfilmentAssigned}, as store-distribution
     * publishes it (the same event id, so a redelivered decision's answer is the same event; the decision as its
     * cause): the credited store ships every other order ({@link #shipsFromStore}, as if it held stock for it) and
     * earns the fulfilment fee, the HQ warehouse the rest. Attribution takes both back into the order's books.
     */
    private static void fulfil(String bootstrap, String run, KafkaProducer<String, byte[]> producer,
                               AtomicInteger assigned, AtomicBoolean reading) {
        String customers = "pc-" + run + "-", orders = "po-" + run + "-";
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "paid-load-fulfil-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Events.ORDER_ATTRIBUTED.topic()));
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.key() == null || !r.key().startsWith(customers)) {
                        continue;
                    }
                    Decided d = EventJson.read(r.value(), Decided.class);
                    if (d.decisionVersion() != 1) {
                        continue;
                    }
                    FulfilmentAssigned f = assignment(d, Integer.parseInt(d.orderId().substring(orders.length())),
                            Instant.now());
                    producer.send(OutboxRecord.withId("fulfilment-assigned:" + d.orderId(),
                            Events.FULFILMENT_ASSIGNED, d.customerId(), d.orderId(), "paid-load", f.assignedAt(), f,
                            EventReader.text(r.headers(), CloudEventHeaders.CORRELATION_ID),
                            EventReader.text(r.headers(), CloudEventHeaders.ID))
                            .toProducerRecord());
                    assigned.incrementAndGet();
                }
            }
        }
    }

    /**
     * The load tool wakes once per tick and sends every order due in it: waking for each order (every 0.5 ms at
     * 2,000/s) cost about 6 % of a core in parking alone, on the cores the measured path runs on; every 2 ms costs
     * about 1.3 %. An order goes out at most a tick after it was due; its latency counts from when it was sent.
     */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** When the tick that an order due at {@code due} falls in ends, ticks counted from {@code start}. */
    static long endOfTick(long start, long due) {
        return start + ((due - start) / TICK_NANOS + 1) * TICK_NANOS;
    }

    /** Whether the credited store ships the run's {@code i}-th order (holds stock for it): every other one does. */
    static boolean shipsFromStore(int i) {
        return i % 2 == 0;
    }

    /** Who ships the run's {@code i}-th order, decided as {@code d} (its lines as the decision carries them). */
    static FulfilmentAssigned assignment(Decided d, int i, Instant at) {
        List<FulfilmentAssigned.Item> items = d.lines().stream()
                .map(l -> new FulfilmentAssigned.Item(l.lineNo(), l.sku(), l.quantity())).toList();
        return shipsFromStore(i) && "STORE".equals(d.creditedType())
                ? new FulfilmentAssigned(d.orderId(), d.customerId(), "STORE", d.storeId(), items,
                        "store " + d.storeId() + " holds stock for every line", at)
                : new FulfilmentAssigned(d.orderId(), d.customerId(), "HQ_WAREHOUSE", null, items,
                        "no stock of " + items.getFirst().sku() + " at " + d.storeId(), at);
    }

    private static String percentiles(Histogram h) {
        return h.getTotalCount() == 0 ? "none" : String.format("p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
    }

    /**
     * The p99 of each run of {@code chunk} orders from the {@code from}-th to the last before {@code total}, in ms
     * ({@code ms} of an order, negative when it was not measured; -1 for a run with none measured).
     */
    static List<Long> p99Each(IntToLongFunction ms, int from, int total, int chunk) {
        List<Long> out = new ArrayList<>();
        for (int start = from; start < total; start += chunk) {
            Histogram h = new Histogram(TimeUnit.MINUTES.toMillis(30), 3);
            for (int i = start; i < Math.min(total, start + chunk); i++) {
                long v = ms.applyAsLong(i);
                if (v >= 0) {
                    h.recordValue(Math.min(h.getHighestTrackableValue(), v));
                }
            }
            out.add(at(h, 99));
        }
        return out;
    }

    private static long at(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile);
    }


    /**
     * Asks the report for the run dealer's count of orders every {@value #REPORT_POLL_MS} ms until told to stop, and
     * stamps each newly counted order with the time the answer came (so the poll's round trip is counted in; its
     * distribution is printed beside); an answer that is not a report (the service busy, say) counts as failed and
     * the next poll tries again.
     */
    private static void poll(String url, long[] counted, AtomicLongArray reported, Histogram roundTrips,
                             AtomicBoolean reading) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + LocalStack.toolToken("FINANCE"))
                .timeout(Duration.ofSeconds(5)).build();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build()) {
            int have = 0;
            while (reading.get() && have < counted.length) {
                long asked = System.nanoTime();
                try {
                    java.net.http.HttpResponse<byte[]> answer = http.send(request,
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    long at = System.nanoTime();
                    roundTrips.recordValue(Math.min(roundTrips.getHighestTrackableValue(), (at - asked) / 1_000_000));
                    if (answer.statusCode() == 401 || answer.statusCode() == 403) {
                        System.err.println("the report refused the token (set STORECAST_TOKEN to one attribution-service "
                                + "trusts): " + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
                        return;
                    }
                    if (answer.statusCode() != 200) {
                        reported.incrementAndGet(1);
                    } else {
                        int now = (int) Math.min(counted.length, EventJson.read(answer.body(), DealerReport.class)
                                .totals().attributedOrders());
                        if (now > have) {
                            reported.set(2, at);
                        }
                        for (; have < now; have++) {
                            counted[have] = at;
                        }
                        reported.set(0, have);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    reported.incrementAndGet(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long next = asked + TimeUnit.MILLISECONDS.toNanos(REPORT_POLL_MS) - System.nanoTime();
                if (next > 0) {
                    LockSupport.parkNanos(next);
                }
            }
        }
    }

    /**
     * What the reader takes of a {@code CommissionEntryRecorded}: reading the whole entry (its instant, amounts and
     * names) was about a fifth of the load tool's CPU samples (JFR), on the cores the measured path runs on.
     */
    record EntrySeen(String entryId, String orderId, String role) {
    }

    /** What the fulfiller takes of an {@code OrderAttributed}. */
    record Decided(String orderId, String customerId, int decisionVersion, String creditedType, String storeId,
                   List<Line> lines) {

        record Line(int lineNo, String sku, int quantity) {
        }
    }

    /** What the poll reads of a report: its totals' count of orders. */
    record DealerReport(Totals totals) {
        record Totals(long attributedOrders) {
        }
    }

    /** Bytes of a paid order's value as the run sends it (one line, a store's ref): the size of our events. */
    static int eventSize() {
        Instant at = Instant.parse("2026-12-01T12:00:00Z");
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-BENCH", "apparel", 1, 49_900, 49_900));
        return OutboxRecord.of(Events.ORDER_PAID, "pc-00000000-0", "po-00000000-0", "paid-load", at,
                new OrderPaid("po-00000000-0", "pc-00000000-0", "bench-session", "Pl00000000x0",
                        "pay-po-00000000-0", lines, 49_900, "CNY", at, at), null, null).toProducerRecord().value().length;
    }

    private static <T> void send(KafkaProducer<String, byte[]> p, EventType<T> type, String key, String aggregateId,
                                 T payload) {
        p.send(OutboxRecord.of(type, key, aggregateId, "paid-load", Instant.now(), payload, null, null)
                .toProducerRecord());
    }

    private static String store(String run, int s) {
        return "ps-" + run + "-" + s;
    }

    private static String code(String run, int s) {
        return "Pl" + run + "x" + s;
    }

    static long roundHalfUp(long amount, int bps) {
        return (amount * bps + 5_000) / 10_000;
    }

}
