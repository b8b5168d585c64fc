package io.storecast.launcher;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

/**
 * Seeds attribution-service's database for the report benchmark (issue 6): {@code stores} stores under 100
 * dealers, and {@code orders} paid orders of one period credited to them, two lines each, so the period holds
 * {@code 2 × orders} store ledger entries (the traffic share of each line) and as many dealer overrides, in every
 * settlement state. Written straight into the database in bulk — a benchmark fixture, not a way to feed the
 * service. Prints the totals the report must show.
 *
 * <pre>java -cp storecast-local-exec.jar -Dloader.main=io.storecast.launcher.SeedLedger \
 *     org.springframework.boot.loader.launch.PropertiesLauncher mongoUri period stores orders seed</pre>
 */
public final class SeedLedger {

    private static final String[] STATES = {"PENDING", "SETTLEABLE", "ON_STATEMENT", "PAID"};
    private static final int BATCH = 5_000;

    private SeedLedger() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: SeedLedger <mongoUri with database> <yyyy-MM> <stores> <orders> <seed>");
            System.exit(2);
        }
        String uri = args[0], period = args[1];
        int stores = Integer.parseInt(args[2]);
        int orders = Integer.parseInt(args[3]);
        Random random = new Random(Long.parseLong(args[4]));
        String db = uri.substring(uri.lastIndexOf('/') + 1);
        Instant paidAt = Instant.parse(period + "-15T04:00:00Z");
        long gross = 0, net = 0;
        try (MongoClient client = MongoClients.create(uri)) {
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
            String run = period + "-" + Long.toString(System.currentTimeMillis(), 36);   // ids new in every run
            for (int i = 0; i < orders; i++) {
                String order = "bo-" + run + "-" + i;
                int s = random.nextInt(stores);
                String store = "bs-" + s, dealer = "bd-" + (s % 100);
                long a1 = 1_000 + random.nextInt(50_000), a2 = 1_000 + random.nextInt(50_000);
                gross += a1 + a2;
                ds.add(new Document("_id", order).append("customerId", "bc-" + i).append("decisionVersion", 1)
                        .append("policyVersion", 1).append("model", "LAST_TOUCH").append("creditedType", "STORE")
                        .append("storeId", store).append("dealerId", dealer).append("reason", "seeded")
                        .append("candidates", List.of()).append("planVersion", 1).append("currency", "CNY")
                        .append("placedAt", Date.from(paidAt)).append("paidAt", Date.from(paidAt))
                        .append("paidAmount", a1 + a2).append("paidPeriod", period)
                        .append("lines", List.of(line(1, a1), line(2, a2))).append("refunds", List.of())
                        .append("adjustments", List.of()).append("outbox", List.of()));
                int line = 1;
                for (long amount : new long[]{a1, a2}) {
                    long traffic = (amount * 500 + 5_000) / 10_000;
                    net += traffic;
                    es.add(entry(order, line, "TRAFFIC", "STORE", store, store, dealer, traffic, period, paidAt,
                            STATES[random.nextInt(STATES.length)]));
                    es.add(entry(order, line, "DEALER_OVERRIDE", "DEALER", dealer, store, dealer,
                            (amount * 200 + 5_000) / 10_000, period, paidAt, STATES[random.nextInt(STATES.length)]));
                    line++;
                }
                if (ds.size() == BATCH) {
                    decisions.insertMany(ds, new InsertManyOptions().ordered(false));
                    ledger.insertMany(es, new InsertManyOptions().ordered(false));
                    ds.clear();
                    es.clear();
                    if ((i + 1) % 100_000 == 0) {
                        System.err.printf("  %,d orders seeded%n", i + 1);
                    }
                }
            }
            if (!ds.isEmpty()) {
                decisions.insertMany(ds, new InsertManyOptions().ordered(false));
                ledger.insertMany(es, new InsertManyOptions().ordered(false));
            }
        }
        System.out.println("orders " + orders + " storeEntries " + (2L * orders) + " grossSales " + gross
                + " storeCommissionNet " + net);
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

    private static Document entry(String order, int line, String role, String type, String beneficiary, String store,
                                  String dealer, long amount, String period, Instant at, String status) {
        return new Document("_id", order + ":" + line + ":" + role + ":0").append("orderId", order)
                .append("lineNo", line).append("role", role).append("beneficiaryType", type)
                .append("beneficiaryId", beneficiary).append("storeId", store).append("dealerId", dealer)
                .append("kind", "ACCRUAL").append("amount", amount).append("currency", "CNY")
                .append("eventTime", Date.from(at)).append("period", period).append("planVersion", 1)
                .append("status", status).append("outbox", List.of());
    }
}
