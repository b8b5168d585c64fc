package io.storecast.launcher;

import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.platform.outbox.OutboxRecord;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The paid-orders benchmark (issue 6): publishes, as order-service and store-distribution would, a dealer with
 * {@code stores} stores, one store link each and a plan (500 bp traffic, 200 bp dealer override), then for {@code
 * rate × seconds} new customers an {@code OrderPlaced} with a store's ref and its {@code OrderPaid}, open loop at
 * {@code rate} orders a second. It reads attribution's commission ledger topic meanwhile: the time from sending an
 * order's payment to receiving its traffic entry — which attribution publishes only after the entry is stored, so
 * after it is in the report — is that order's latency. At the end it prints the rate achieved, the latency
 * percentiles and the totals the report must show for the run's dealer, and, with an attribution URL, compares
 * them. Entries are counted once per id: a duplicate on the topic is counted apart (at-least-once delivery), a
 * missing or doubled entry in the ledger shows in the report's totals.
 *
 * <pre>java -cp storecast-local-exec.jar -Dloader.main=io.storecast.launcher.PaidLoad \
 *     org.springframework.boot.loader.launch.PropertiesLauncher bootstrap rate seconds stores [seed]</pre>
 */
public final class PaidLoad {

    private static final int TRAFFIC_BPS = 500;
    private static final int OVERRIDE_BPS = 200;

    private PaidLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PaidLoad <kafka bootstrap> <orders/s> <seconds> <stores> [seed]");
            System.exit(2);
        }
        String bootstrap = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int stores = Integer.parseInt(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 7;
        String run = UUID.randomUUID().toString().substring(0, 8);
        int orders = rate * seconds;
        Random random = new Random(seed);
        long[] amounts = new long[orders];
        long gross = 0, traffic = 0, override = 0;
        for (int i = 0; i < orders; i++) {
            amounts[i] = 1_000 + random.nextInt(99_000);
            gross += amounts[i];
            traffic += roundHalfUp(amounts[i], TRAFFIC_BPS);
            override += roundHalfUp(amounts[i], OVERRIDE_BPS);
        }
        long[] sentAt = new long[orders];
        long[] latency = new long[orders];
        Arrays.fill(latency, -1);

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            String dealer = "pd-" + run;
            send(producer, Events.COMMISSION_PLAN_PUBLISHED, "plan", "plan", new CommissionPlanPublished(
                    (int) (now.getEpochSecond() % 1_000_000_000), now.minusSeconds(60), "CNY",
                    Map.of("*", new CommissionPlanPublished.Rates(TRAFFIC_BPS, 0, OVERRIDE_BPS, 0)), now));
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
            long[] seen = new long[3];              // entries, duplicates, foreign
            Thread reader = new Thread(() -> read(bootstrap, run, sentAt, latency, seen, reading), "ledger-reader");
            reader.start();
            Thread.sleep(3_000);                    // the reader has its partitions

            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < orders; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
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
                if (i > 0 && i % rate == 0) {
                    System.out.printf("  %,d s: %,d orders sent, %,d entries received%n", i / rate, i, seen[0]);
                }
            }
            producer.flush();
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sent %,d paid orders in %.1f s (%,.0f/s)%n", orders, sendSeconds, orders / sendSeconds);

            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && Arrays.stream(latency).anyMatch(l -> l < 0)) {
                Thread.sleep(200);
            }
            double drainSeconds = (System.nanoTime() - start) / 1e9;
            reading.set(false);
            reader.join();

            long[] done = Arrays.stream(latency).filter(l -> l >= 0).sorted().toArray();
            System.out.printf("traffic entries received for %,d of %,d orders (%,d entries in all, %,d duplicate "
                            + "deliveries) by %.1f s: %,.0f orders/s end to end%n", done.length, orders, seen[0],
                    seen[1], drainSeconds, done.length / drainSeconds);
            if (done.length > 0) {
                System.out.printf("payment -> entry stored and published: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                        pct(done, 50), pct(done, 90), pct(done, 99), done[done.length - 1]);
            }
            String period = java.time.YearMonth.from(Instant.now().atZone(ZoneId.of("Asia/Shanghai"))).toString();
            System.out.printf("the report must show for dealer %s in %s: orders %d gross %d store commission %d "
                    + "dealer commission %d%n", dealer, period, orders, gross, traffic, override);
            System.out.printf("RESULT run=%s orders=%d received=%d rate=%.0f p99=%d gross=%d traffic=%d override=%d "
                            + "dealer=%s period=%s%n", run, orders, done.length, done.length / drainSeconds,
                    done.length > 0 ? pct(done, 99) : -1, gross, traffic, override, dealer, period);
        }
    }

    private static void read(String bootstrap, String run, long[] sentAt, long[] latency, long[] seen,
                             AtomicBoolean reading) {
        String prefix = "po-" + run + "-";
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "paid-load-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Events.COMMISSION_ENTRY_RECORDED.topic()));
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    long at = System.nanoTime();
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        seen[2]++;
                        continue;
                    }
                    CommissionEntryRecorded e = EventJson.read(r.value(), CommissionEntryRecorded.class);
                    if (!ids.add(e.entryId())) {
                        seen[1]++;
                        continue;
                    }
                    seen[0]++;
                    if ("TRAFFIC".equals(e.role())) {
                        int i = Integer.parseInt(e.orderId().substring(prefix.length()));
                        latency[i] = (at - sentAt[i]) / 1_000_000;
                    }
                }
            }
        }
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

    private static long roundHalfUp(long amount, int bps) {
        return (amount * bps + 5_000) / 10_000;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }
}
