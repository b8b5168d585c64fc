package io.storecast.launcher;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.platform.infra.LocalKafkaBroker;
import io.storecast.platform.infra.LocalMongoStore;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.outbox.OutboxRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The machine's ceiling for the paid-orders path (issue 6, docs/performance.md): the least a design of ADR 0008 must
 * do per paid order, and nothing else, on the same two cores — so that its rate bounds from above what any build of
 * the real path can drain here. In one JVM: the local Kafka broker (KRaft, in process, as the local stack runs it), the
 * local store in memory, an exactly-once Kafka Streams app keyed by customer that keeps each customer's placed order
 * as state, resolves the order's ref through a global store of links, and on the payment sends the decision
 * ({@code OrderAttributed}) and the order's two ledger entries (store traffic, dealer override) in the same
 * transaction; and a read-model writer that upserts every decision and entry into the store in bulk. Then
 * {@link PaidLoad} runs against it unchanged. What the real path does besides — the touch history and binding, the
 * policy and plan versions, settlement states, the report rollups, the leaderboard, fulfilment, the HTTP services — is
 * left out, so the real path can only be slower than this.
 *
 * <pre>java -cp storecast-local-exec.jar -Dloader.main=io.storecast.launcher.PaidCeiling \
 *     org.springframework.boot.loader.launch.PropertiesLauncher rate seconds stores [warm-up seconds] [give-up seconds]</pre>
 */
public final class PaidCeiling {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private PaidCeiling() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PaidCeiling <orders/s> <seconds> <stores> [warm-up seconds] [give-up seconds]");
            System.exit(2);
        }
        Path data = Files.createTempDirectory("paid-ceiling");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(data.resolve("kafka"), 0, 0);
             LocalMongoStore store = LocalMongoStore.inMemory(0);
             MongoClient mongo = MongoClients.create(store.uri("ceiling"))) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(Topics.ORDERS, Topics.LINKS, Topics.ATTRIBUTIONS, Topics.COMMISSION_LEDGER,
                                Topics.NETWORK, Topics.COMMISSION_PLANS).stream()
                        .map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
            }
            KafkaStreams streams = new KafkaStreams(topology(), streamsConfig(bootstrap, data.resolve("streams")));
            streams.start();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> writeReadModel(bootstrap, mongo, writing), "read-model-writer");
            writer.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            System.out.println("ceiling path running on " + bootstrap);
            List<String> load = new ArrayList<>(List.of(bootstrap, args[0], args[1], args[2], "7"));
            load.addAll(List.of(args).subList(3, args.length));
            PaidLoad.main(load.toArray(String[]::new));
            writing.set(false);
            writer.join();
            streams.close(Duration.ofSeconds(10));
            System.out.printf("read model: %,d decisions and %,d ledger entries in the store%n",
                    mongo.getDatabase("ceiling").getCollection("decisions").countDocuments(),
                    mongo.getDatabase("ceiling").getCollection("entries").countDocuments());
        }
    }

    private static Properties streamsConfig(String bootstrap, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "paid-ceiling");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        return p;
    }

    private static Topology topology() {
        Topology t = new Topology();
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("links"), Serdes.String(),
                        Serdes.String()).withLoggingDisabled(), "links-source", new StringDeserializer(),
                new ByteArrayDeserializer(), Topics.LINKS, "links-loader", LinkLoader::new);
        t.addSource("orders", new StringDeserializer(), new ByteArrayDeserializer(), Topics.ORDERS);
        t.addProcessor("decide", Decide::new, "orders");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("orders-by-customer"),
                Serdes.String(), Serdes.String()), "decide");
        t.addSink("ledger", Topics.COMMISSION_LEDGER, new StringSerializer(), new ByteArraySerializer(), "decide");
        t.addSink("attributions", Topics.ATTRIBUTIONS, new StringSerializer(), new ByteArraySerializer(), "decide");
        return t;
    }

    private static String type(Record<String, byte[]> r) {
        String type = EventReader.text(r.headers(), CloudEventHeaders.TYPE);
        return type == null ? "" : type;
    }

    /** The links as a global store: code → "store dealer". */
    private static final class LinkLoader implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, String> links;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            links = context.getStateStore("links");
        }

        @Override
        public void process(Record<String, byte[]> r) {
            if (type(r).equals(Events.LINK_ISSUED.name())) {
                LinkIssued l = EventJson.read(r.value(), LinkIssued.class);
                links.put(l.code(), l.storeId() + " " + l.dealerId());
            }
        }
    }

    /** Per customer: the placed order's ref kept as state; on its payment the decision and the entries sent. */
    private static final class Decide implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, String> orders;
        private KeyValueStore<String, String> links;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            orders = context.getStateStore("orders-by-customer");
            links = context.getStateStore("links");
        }

        @Override
        public void process(Record<String, byte[]> r) {
            String type = type(r);
            if (type.equals(Events.ORDER_PLACED.name())) {
                OrderPlaced p = EventJson.read(r.value(), OrderPlaced.class);
                orders.put(p.customerId() + " " + p.orderId(), "placed " + p.ref());
            } else if (type.equals(Events.ORDER_PAID.name())) {
                OrderPaid paid = EventJson.read(r.value(), OrderPaid.class);
                String key = paid.customerId() + " " + paid.orderId();
                String state = orders.get(key);
                if (state == null || !state.startsWith("placed ")) {
                    return;                                         // unknown order, or decided already
                }
                String owner = links.get(state.substring("placed ".length()));
                if (owner == null) {
                    return;
                }
                String storeId = owner.substring(0, owner.indexOf(' ')), dealerId = owner.substring(owner.indexOf(' ') + 1);
                Instant now = Instant.now();
                orders.put(key, "decided " + storeId);
                send(Events.ORDER_ATTRIBUTED, paid.customerId(), paid.orderId(), "attributions", paid.orderId() + ":1",
                        new OrderAttributed(paid.orderId(), paid.customerId(), 1, 1, "LAST_TOUCH", "STORE", storeId,
                                dealerId, null, paid.ref(), "CHECKOUT", paid.placedAt(), 1, "LAST_TOUCH", now,
                                paid.lines()), now);
                String period = YearMonth.from(paid.paidAt().atZone(ZONE)).toString();
                for (OrderLine line : paid.lines()) {
                    entry(paid, line, "TRAFFIC", "STORE", storeId, storeId, dealerId, PaidLoad.TRAFFIC_BPS,
                            period, now);
                    entry(paid, line, "DEALER_OVERRIDE", "DEALER", dealerId, storeId, dealerId,
                            PaidLoad.OVERRIDE_BPS, period, now);
                }
            }
        }

        private void entry(OrderPaid paid, OrderLine line, String role, String beneficiaryType, String beneficiary,
                           String storeId, String dealerId, int bps, String period, Instant now) {
            String id = paid.orderId() + ":" + line.lineNo() + ":" + role + ":1";
            send(Events.COMMISSION_ENTRY_RECORDED, paid.orderId(), paid.orderId(), "ledger", id,
                    new CommissionEntryRecorded(id, paid.orderId(), line.lineNo(), role, beneficiaryType, beneficiary,
                            storeId, dealerId, "ACCRUAL", PaidLoad.roundHalfUp(line.amount(), bps), paid.currency(),
                            paid.paidAt(), period, 1), now);
        }

        private <T> void send(EventType<T> type, String key, String aggregateId, String sink, String eventId,
                              T payload, Instant now) {
            OutboxRecord o = OutboxRecord.withId(eventId, type, key, aggregateId, "paid-ceiling", now, payload, null,
                    null);
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.toHeaders(o.envelope()).forEach(headers::add);
            context.forward(new Record<>(key, o.payload().getBytes(StandardCharsets.UTF_8), now.toEpochMilli(),
                    headers), sink);
        }
    }

    /** The read model: every decision and entry upserted whole by its id, a bulk write per poll, then the commit. */
    private static void writeReadModel(String bootstrap, MongoClient mongo, AtomicBoolean writing) {
        MongoCollection<Document> decisions = mongo.getDatabase("ceiling").getCollection("decisions");
        MongoCollection<Document> entries = mongo.getDatabase("ceiling").getCollection("entries");
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "ceiling-read-model",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.ATTRIBUTIONS, Topics.COMMISSION_LEDGER));
            ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
            while (writing.get() || !records.isEmpty()) {      // once the load is done, drain what is left
                records = c.poll(Duration.ofMillis(500));
                List<WriteModel<Document>> d = new ArrayList<>(), e = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.topic().equals(Topics.ATTRIBUTIONS)) {
                        OrderAttributed a = EventJson.read(r.value(), OrderAttributed.class);
                        d.add(new ReplaceOneModel<>(new Document("_id", a.orderId() + ":" + a.decisionVersion()),
                                new Document("orderId", a.orderId()).append("customerId", a.customerId())
                                        .append("storeId", a.storeId()).append("dealerId", a.dealerId())
                                        .append("code", a.winningCode()).append("decidedAt", a.decidedAt()
                                                .toString()), upsert));
                    } else {
                        CommissionEntryRecorded x = EventJson.read(r.value(), CommissionEntryRecorded.class);
                        e.add(new ReplaceOneModel<>(new Document("_id", x.entryId()),
                                new Document("orderId", x.orderId()).append("role", x.role())
                                        .append("beneficiaryId", x.beneficiaryId()).append("storeId", x.storeId())
                                        .append("dealerId", x.dealerId()).append("amount", x.amount())
                                        .append("period", x.period()).append("state", "PENDING"), upsert));
                    }
                }
                if (!d.isEmpty()) {
                    decisions.bulkWrite(d, unordered);
                }
                if (!e.isEmpty()) {
                    entries.bulkWrite(e, unordered);
                }
                if (!records.isEmpty()) {
                    c.commitSync();
                }
            }
        }
    }
}
