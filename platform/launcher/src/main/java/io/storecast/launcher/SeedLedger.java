package io.storecast.launcher;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import io.storecast.attribution.domain.Rollups;
import io.storecast.attribution.messaging.RowDelta;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeds attribution-service for the report benchmark (issue 6): {@code stores} stores under 100 dealers, and
 * {@code orders} paid orders of one period credited to them, two lines each, so the period holds {@code 2 × orders}
 * store ledger entries (the traffic share of each line) and as many dealer overrides. The network, the decisions and
 * the ledger are written straight into the database in bulk (a fixture, as if the service had written them: the
 * decisions name a plan version that does not exist), and each order's movement of the report rows — what its
 * decision would send: its store's and its dealer's row, each one order, its gross and its entries — is published to
 * the rows' topic, so the service's own row stream ({@code ReportRows}) builds the rows the report reads. Prints the
 * totals the report must show.
 *
 * <pre>java -cp storecast-local-exec.jar -Dloader.main=io.storecast.launcher.SeedLedger \
 *     org.springframework.boot.loader.launch.PropertiesLauncher mongoUri kafkaBootstrap period stores orders seed</pre>
 */
public final class SeedLedger {

    /** A plan version no plan has (the decisions are a fixture, not the service's). */
    private static final int NO_PLAN = 999_999_999;
    private static final String ROWS = RowDelta.topic("attribution-service");
    private static final int BATCH = 5_000;

    private SeedLedger() {
    }

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: SeedLedger <mongoUri with database> <kafka bootstrap> <yyyy-MM> <stores> "
                    + "<orders> <seed>");
            System.exit(2);
        }
        String uri = args[0], bootstrap = args[1], period = args[2];
        int stores = Integer.parseInt(args[3]);
        int orders = Integer.parseInt(args[4]);
        Random random = new Random(Long.parseLong(args[5]));
        String db = uri.substring(uri.lastIndexOf('/') + 1);
        Instant paidAt = Instant.parse(period + "-15T04:00:00Z");
        long gross = 0, net = 0;
        try (MongoClient client = MongoClients.create(uri);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(),
                     new ByteArraySerializer())) {
            MongoDatabase d = client.getDatabase(db);
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(new Document("_id", "bd-" + i).append("code", "BD" + i).append("name", "Dealer " + i));
            }
            upsert(d.getCollection("dealers"), batch);
            batch.clear();
            for (int i = 0; i < stores; i++) {
                batch.add(new Document("_id", "bs-" + i).append("code", String.format("BS%05d", i))
                        .append("name", "门店 " + i).append("dealerId", "bd-" + (i % 100)));
                if (batch.size() == BATCH) {
                    upsert(d.getCollection("stores"), batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                upsert(d.getCollection("stores"), batch);
            }
            MongoCollection<Document> decisions = d.getCollection("decisions");
            MongoCollection<Document> ledger = d.getCollection("ledger");
            List<Document> ds = new ArrayList<>();
            List<Document> es = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
            String run = period + "-" + Long.toString(System.currentTimeMillis(), 36);   // ids new in every run
            for (int i = 0; i < orders; i++) {
                String order = "bo-" + run + "-" + i;
                int s = random.nextInt(stores);
                String store = "bs-" + s, dealer = "bd-" + (s % 100), customer = "bc-" + run + "-" + i;
                long a1 = 1_000 + random.nextInt(50_000), a2 = 1_000 + random.nextInt(50_000);
                gross += a1 + a2;
                ds.add(new Document("_id", order).append("customerId", customer).append("decisionVersion", 1)
                        .append("policyVersion", 1).append("model", "LAST_TOUCH").append("creditedType", "STORE")
                        .append("storeId", store).append("dealerId", dealer).append("reason", "seeded")
                        .append("candidates", List.of()).append("planVersion", NO_PLAN).append("currency", "CNY")
                        .append("placedAt", Date.from(paidAt)).append("paidAt", Date.from(paidAt))
                        .append("paidAmount", a1 + a2).append("paidPeriod", period)
                        .append("lines", List.of(line(1, a1), line(2, a2))).append("refunds", List.of())
                        .append("adjustments", List.of()).append("outbox", List.of()));
                int line = 1;
                long storeShare = 0, dealerShare = 0;
                for (long amount : new long[]{a1, a2}) {
                    long traffic = (amount * 500 + 5_000) / 10_000, override = (amount * 200 + 5_000) / 10_000;
                    net += traffic;
                    storeShare += traffic;
                    dealerShare += override;
                    es.add(entry(order, line, "TRAFFIC", "STORE", store, store, dealer, traffic, period, paidAt));
                    es.add(entry(order, line, "DEALER_OVERRIDE", "DEALER", dealer, store, dealer, override, period,
                            paidAt));
                    line++;
                }
                move(out, Rollups.row(period, "STORE", store), a1 + a2, storeShare);
                move(out, Rollups.row(period, "DEALER", dealer), a1 + a2, dealerShare);
                if (ds.size() == BATCH) {
                    write(decisions, ledger, ds, es, producer, out);
                    if ((i + 1) % 100_000 == 0) {
                        System.err.printf("  %,d orders seeded%n", i + 1);
                    }
                }
            }
            if (!ds.isEmpty()) {
                write(decisions, ledger, ds, es, producer, out);
            }
        }
        System.out.println("orders " + orders + " storeEntries " + (2L * orders) + " grossSales " + gross
                + " storeCommissionNet " + net);
    }

    /** One order's movement of a row: the order, its gross, its entries accrued (none completed). */
    private static void move(List<ProducerRecord<String, byte[]>> out, String row, long gross, long accrued) {
        RowDelta d = new RowDelta(row, new long[]{1, gross, 0, accrued, 0, 0});
        out.add(new ProducerRecord<>(ROWS, d.bucket(), d.encode()));
    }

    /** The batch's documents first, then the rows' movements. */
    private static void write(MongoCollection<Document> decisions, MongoCollection<Document> ledger,
                              List<Document> ds, List<Document> es, KafkaProducer<String, byte[]> producer,
                              List<ProducerRecord<String, byte[]>> out) {
        decisions.insertMany(ds, new InsertManyOptions().ordered(false));
        ledger.insertMany(es, new InsertManyOptions().ordered(false));
        out.forEach(producer::send);
        ds.clear();
        es.clear();
        out.clear();
    }

    /** The network may be there from an earlier run: written whole again. */
    private static void upsert(MongoCollection<Document> c, List<Document> docs) {
        c.bulkWrite(docs.stream().map(x -> new com.mongodb.client.model.ReplaceOneModel<>(
                new Document("_id", x.get("_id")), x, new com.mongodb.client.model.ReplaceOptions().upsert(true)))
                .toList());
    }

    private static Document line(int lineNo, long amount) {
        return new Document("lineNo", lineNo).append("category", "bench").append("amount", amount);
    }

    /** The entry as the ledger holds it (pending). */
    private static Document entry(String order, int line, String role, String type, String beneficiary, String store,
                                  String dealer, long amount, String period, Instant at) {
        String id = order + ":" + line + ":" + role + ":0";
        return new Document("_id", id).append("orderId", order)
                .append("lineNo", line).append("role", role).append("beneficiaryType", type)
                .append("beneficiaryId", beneficiary).append("storeId", store).append("dealerId", dealer)
                .append("kind", "ACCRUAL").append("amount", amount).append("currency", "CNY")
                .append("eventTime", Date.from(at)).append("period", period).append("planVersion", NO_PLAN)
                .append("status", "PENDING").append("outbox", List.of());
    }
}
