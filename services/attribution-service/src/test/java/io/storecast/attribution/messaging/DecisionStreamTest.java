package io.storecast.attribution.messaging;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.attribution.application.AttributionSettings;
import io.storecast.attribution.application.Attributions;
import io.storecast.attribution.application.Bookkeeping;
import io.storecast.attribution.application.Policies;
import io.storecast.attribution.application.ReferenceCatchUp;
import io.storecast.attribution.application.ReferenceViews;
import io.storecast.attribution.domain.Policy;
import io.storecast.attribution.domain.Rollups;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.platform.infra.LocalMongoStore;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.NotYetKnownException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision stream on Kafka Streams' test driver, the books' rules over a store in memory: what it sends beside the
 * decision and the ledger for each change of an order's books. Given an order paid in a live session through store
 * A's link (A under dealer D), refunded in part, completed, then adjusted by HQ to store B — each event delivered
 * twice — and an order paid outside any session and shipped from the HQ warehouse, then the report rows' movements
 * sum to exactly the order's sales per party and the ledger's entries per beneficiary, the session's board gets the
 * paid order for A once, then taken from A and given to B once, and the read model is told who ships the second order
 * once, without its decision again — and, for an order a store ships under a plan with a fee, given the fee's entry
 * beside who ships it, still without the decision.
 */
class DecisionStreamTest {

    private static final String APP = "attribution-service";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant T = Instant.parse("2026-11-20T03:00:00Z");
    private static final Instant PLACED = T.plusSeconds(600), PAID = T.plusSeconds(660);
    private static final Instant REFUNDED = Instant.parse("2026-12-02T04:00:00Z");
    private static final Instant COMPLETED = Instant.parse("2026-12-09T04:00:00Z");
    private static final Instant ADJUSTED = Instant.parse("2026-12-10T04:00:00Z");
    private static final Instant FEES_FROM = Instant.parse("2027-01-01T00:00:00Z");

    /** The ledger's entries, once each: o1's accruals, its refund's reversals, HQ's move of what is left to B; o2's. */
    private static final String[] ENTRIES = {"o1:1:TRAFFIC:0 500", "o1:1:DEALER_OVERRIDE:0 200",
            "o1:1:TRAFFIC:1 -100", "o1:1:DEALER_OVERRIDE:1 -40", "o1:1:TRAFFIC:a2:STORE:A -400",
            "o1:1:TRAFFIC:a2:STORE:B 400", "o1:1:DEALER_OVERRIDE:a2:DEALER:D -160", "o2:1:TRAFFIC:0 500",
            "o2:1:DEALER_OVERRIDE:0 200"};

    private LocalMongoStore store;
    private MongoClient client;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> presence;
    private TestInputTopic<String, byte[]> orders;
    private TestInputTopic<String, byte[]> adjustments;
    private TestInputTopic<String, byte[]> fulfilment;
    private TestOutputTopic<String, byte[]> changes;
    private TestOutputTopic<String, byte[]> rows;
    private TestOutputTopic<String, byte[]> board;
    private TestOutputTopic<String, byte[]> ledger;

    @BeforeEach
    void start() {
        store = LocalMongoStore.inMemory(0);
        client = MongoClients.create(store.uri("decisions-test"));
        MongoTemplate mongo = new MongoTemplate(client, "decisions-test");
        Clock clock = Clock.systemUTC();
        AttributionSettings settings = new AttributionSettings(SHANGHAI, Policy.Model.LAST_TOUCH, 72, 15, 90,
                Policy.SelfPurchase.DENY);
        ReferenceViews reference = new ReferenceViews(mongo);
        TopicPartition from = new TopicPartition("reference", 0);
        long offset = 0;
        for (Object fact : List.of(
                new CommissionPlanPublished(1, Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                        Map.of("*", new CommissionPlanPublished.Rates(500, 0, 200, 0)), T),
                // from 2027 the store that ships an order earns 300 bp
                new CommissionPlanPublished(2, FEES_FROM, "CNY",
                        Map.of("*", new CommissionPlanPublished.Rates(500, 0, 200, 300)), T),
                new DealerRegistered("D", "D-1", "华东", T),
                new StoreRegistered("A", "A-1", "西湖店", "D", T, null, null, null),
                new StoreRegistered("B", "B-1", "南京路店", null, T, null, null, null),
                new LinkIssued("LA", "STORE", "A", "A", "D", "r1", null, "poster", T, null))) {
            reference.remember(fact, from, offset++);
        }
        // every reference fact is in memory already: a payment never waits here
        ReferenceCatchUp caughtUp = new ReferenceCatchUp(reference, null, clock) {
            @Override
            public NotYetKnownException await(String orderId, long occurredBy, Duration wait) {
                return null;
            }
        };
        Bookkeeping books = new Bookkeeping(reference, settings, new Policies(mongo, settings, clock), clock);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "decisions-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(DecisionStream.topology(APP, new EventReader(meters), books, caughtUp,
                new DeadLetters(DecisionStream.group(APP), meters), meters), p);
        presence = driver.createInputTopic(Topics.PRESENCE, new StringSerializer(), new ByteArraySerializer());
        orders = driver.createInputTopic(Topics.ORDERS, new StringSerializer(), new ByteArraySerializer());
        adjustments = driver.createInputTopic(Attributions.adjustmentsTopic(APP), new StringSerializer(),
                new ByteArraySerializer());
        fulfilment = driver.createInputTopic(Topics.FULFILMENT, new StringSerializer(), new ByteArraySerializer());
        changes = driver.createOutputTopic(DecisionStream.changes(APP), new StringDeserializer(),
                new ByteArrayDeserializer());
        rows = driver.createOutputTopic(RowDelta.topic(APP), new StringDeserializer(), new ByteArrayDeserializer());
        board = driver.createOutputTopic(LeaderboardStream.internal(APP, "by-session"), new StringDeserializer(),
                new ByteArrayDeserializer());
        ledger = driver.createOutputTopic(Topics.COMMISSION_LEDGER, new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        client.close();
        store.close();
    }

    @Test
    void every_change_of_an_order_moves_its_rows_and_its_session_board_exactly_once() {
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000));
        twice(presence, "c1", Events.VIEWER_JOINED, new ViewerJoined("live", "r1", "c1", "LA", T));
        assertThat(changes.readRecordsToList()).as("one touch for the join delivered twice").hasSize(1);
        twice(orders, "c1", Events.ORDER_PLACED, new OrderPlaced("o1", "co1", "c1", "live", "LA", lines, 10_000,
                "CNY", PLACED));
        twice(orders, "c1", Events.ORDER_PAID, new OrderPaid("o1", "c1", "live", "LA", "p1", lines, 10_000, "CNY",
                PLACED, PAID));
        assertThat(boardLines()).containsExactly("live A o1 10000 at " + PLACED.toEpochMilli());

        twice(orders, "c1", Events.ORDER_REFUNDED, new OrderRefunded("o1", "c1", "rf1", 1, 1, 2_000, 2_000, 10_000,
                "CNY", REFUNDED));
        twice(orders, "c1", Events.ORDER_COMPLETED, new OrderCompleted("o1", "c1", REFUNDED, 7, COMPLETED));
        Attributions.AdjustmentCommand toB = new Attributions.AdjustmentCommand("req1", "o1", "c1", "adj1", 1,
                "STORE", "B", null, null, "hq-ops", "B ran the event", ADJUSTED);
        adjustments.pipeInput("c1", EventJson.write(toB), T);
        adjustments.pipeInput("c1", EventJson.write(toB), T);
        assertThat(boardLines()).containsExactly("live A o1 -10000 at " + PLACED.toEpochMilli(),
                "live B o1 10000 at " + PLACED.toEpochMilli());

        // a second order of the same store, paid outside any session: its rows, no board
        twice(orders, "c2", Events.ORDER_PLACED, new OrderPlaced("o2", "co2", "c2", null, "LA", lines, 10_000, "CNY",
                PLACED));
        twice(orders, "c2", Events.ORDER_PAID, new OrderPaid("o2", "c2", null, "LA", "p2", lines, 10_000, "CNY",
                PLACED, PAID));
        assertThat(boardLines()).isEmpty();
        // the HQ warehouse ships o1 (delivered twice): the read model is told who ships it, once; its rows and its
        // session's board do not move
        changes.readRecordsToList();
        twice(fulfilment, "c1", Events.FULFILMENT_ASSIGNED, new FulfilmentAssigned("o1", "c1", "HQ_WAREHOUSE", null,
                List.of(new FulfilmentAssigned.Item(1, "SKU-A", 1)), "no stock", ADJUSTED));
        assertThat(changes.readRecordsToList()).extracting(r -> {
            Attributions.Change c = EventJson.read(r.value(), Attributions.Change.class);
            return r.key() + " " + c.shipping() + " " + c.decision() + " " + c.entries().size();
        }).containsExactly("o1 ShippingDoc[orderId=o1, assignee=HQ_WAREHOUSE, storeId=null] null 0");
        assertThat(boardLines()).isEmpty();

        Map<String, long[]> sums = new HashMap<>();
        rows.readRecordsToList().forEach(r -> {
            RowDelta d = RowDelta.decode(r.value());
            assertThat(r.key()).isEqualTo(d.bucket());
            assertThat(r.timestamp()).as("the input's time").isEqualTo(T.toEpochMilli());
            Rollups.add(sums.computeIfAbsent(d.row(), k -> new long[Rollups.WIDTH]), d.counters());
        });
        // sales, to the fen: o1 counts for B now (and no dealer), with its refund in December; o2 for A and D
        assertThat(sales(sums, "2026-11|STORE|A")).containsExactly(1, 10_000, 0);
        assertThat(sales(sums, "2026-11|DEALER|D")).containsExactly(1, 10_000, 0);
        assertThat(sales(sums, "2026-11|STORE|B")).containsExactly(1, 10_000, 0);
        assertThat(sales(sums, "2026-12|STORE|B")).containsExactly(0, 0, 2_000);
        assertThat(sales(sums, "2026-12|STORE|A")).containsExactly(0, 0, 0);
        assertThat(sales(sums, "2026-12|DEALER|D")).containsExactly(0, 0, 0);
        // commission: each row's accrued, reversed and completed equal the ledger's entries for it (o1 completed)
        Map<String, long[]> fromLedger = new HashMap<>();
        List<String> entries = new ArrayList<>();
        ledger.readRecordsToList().forEach(r -> {
            CommissionEntryRecorded e = EventJson.read(r.value(), CommissionEntryRecorded.class);
            entries.add(e.entryId() + " " + e.amount());
            long[] c = fromLedger.computeIfAbsent(Rollups.row(e.period(), e.beneficiaryType(), e.beneficiaryId()),
                    k -> new long[Rollups.WIDTH]);
            c[e.amount() >= 0 ? Rollups.ACCRUED : Rollups.REVERSED] += e.amount();
            c[Rollups.COMPLETED] += e.orderId().equals("o1") ? e.amount() : 0;
        });
        assertThat(entries).as("every entry once").containsExactlyInAnyOrder(ENTRIES);
        assertThat(sums.keySet()).containsAll(fromLedger.keySet());
        sums.forEach((row, c) -> assertThat(new long[]{c[Rollups.ACCRUED], c[Rollups.REVERSED],
                c[Rollups.COMPLETED]}).as(row).containsExactly(commission(fromLedger.get(row))));
        // o1's traffic: 500 accrued for A, 100 reversed by the refund, the 400 left moved from A to B
        assertThat(sums.get("2026-11|STORE|A")[Rollups.ACCRUED]).isEqualTo(500 + 500);
        assertThat(sums.get("2026-12|STORE|A")[Rollups.REVERSED]).isEqualTo(-100 - 400);
        assertThat(sums.get("2026-12|STORE|B")[Rollups.ACCRUED]).isEqualTo(400);
    }

    @Test
    void a_stores_fee_tells_the_read_model_who_ships_and_the_fee_entry_once_without_the_decision_again() {
        Instant placed = Instant.parse("2027-02-01T02:00:00Z");
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_030, 10_030));
        for (String o : List.of("o3", "o4")) {
            twice(orders, "c3", Events.ORDER_PLACED, new OrderPlaced(o, "co-" + o, "c3", null, "LA", lines, 10_030,
                    "CNY", placed));
            twice(orders, "c3", Events.ORDER_PAID, new OrderPaid(o, "c3", null, "LA", "p-" + o, lines, 10_030,
                    "CNY", placed, placed.plusSeconds(60)));
        }
        changes.readRecordsToList();
        rows.readRecordsToList();
        ledger.readRecordsToList();

        // store A ships o3 and the HQ warehouse o4, each assignment delivered twice
        List<FulfilmentAssigned.Item> items = List.of(new FulfilmentAssigned.Item(1, "SKU-A", 1));
        twice(fulfilment, "c3", Events.FULFILMENT_ASSIGNED, new FulfilmentAssigned("o3", "c3", "STORE", "A", items,
                "stock", placed.plusSeconds(90)));
        twice(fulfilment, "c3", Events.FULFILMENT_ASSIGNED, new FulfilmentAssigned("o4", "c3", "HQ_WAREHOUSE", null,
                items, "no stock", placed.plusSeconds(90)));

        assertThat(changes.readRecordsToList()).extracting(r -> {
            Attributions.Change c = EventJson.read(r.value(), Attributions.Change.class);
            return r.key() + " " + c.shipping() + " " + c.decision() + " "
                    + c.entries().stream().map(e -> e.id() + " " + e.amount() + " " + e.period()).toList();
        }).containsExactly(
                "o3 ShippingDoc[orderId=o3, assignee=STORE, storeId=A] null [o3:1:FULFILMENT:0 301 2027-02]",
                "o4 ShippingDoc[orderId=o4, assignee=HQ_WAREHOUSE, storeId=null] null []");
        assertThat(ledger.readRecordsToList()).extracting(r -> {
            CommissionEntryRecorded e = EventJson.read(r.value(), CommissionEntryRecorded.class);
            return e.entryId() + " " + e.beneficiaryType() + " " + e.beneficiaryId() + " " + e.amount();
        }).containsExactly("o3:1:FULFILMENT:0 STORE A 301");       // 10,030 × 3 % = 300.9
        assertThat(rows.readRecordsToList()).extracting(r -> {
            RowDelta d = RowDelta.decode(r.value());
            return d.row() + " accrued " + d.counters()[Rollups.ACCRUED];
        }).containsExactly("2027-02|STORE|A accrued 301");
        assertThat(board.readRecordsToList()).isEmpty();

        // who ships o3 and its fee are kept apart from its book, and put back in where it is read: the full refund
        // takes the fee back with the rest, and the assignment delivered again after it changes nothing
        twice(orders, "c3", Events.ORDER_REFUNDED, new OrderRefunded("o3", "c3", "rf3", 1, 1, 10_030, 10_030, 10_030,
                "CNY", placed.plusSeconds(120)));
        twice(fulfilment, "c3", Events.FULFILMENT_ASSIGNED, new FulfilmentAssigned("o3", "c3", "STORE", "B", items,
                "stock", placed.plusSeconds(150)));
        assertThat(ledger.readRecordsToList()).extracting(r -> {
            CommissionEntryRecorded e = EventJson.read(r.value(), CommissionEntryRecorded.class);
            return e.entryId() + " " + e.beneficiaryId() + " " + e.amount();
        }).filteredOn(e -> e.contains("FULFILMENT")).containsExactly("o3:1:FULFILMENT:1 A -301");
        assertThat(rows.readRecordsToList()).extracting(r -> {
            RowDelta d = RowDelta.decode(r.value());
            return d.row() + " refunds " + d.counters()[Rollups.REFUNDS]
                    + " reversed " + d.counters()[Rollups.REVERSED];
        }).contains("2027-02|STORE|A refunds 10030 reversed -803");     // the traffic's 502 and the fee's 301
        assertThat(changes.readRecordsToList()).extracting(r -> {
            Attributions.Change c = EventJson.read(r.value(), Attributions.Change.class);
            return r.key() + " " + c.decision().fulfilmentAssignee() + " " + c.decision().fulfilmentStoreId();
        }).containsExactly("o3 STORE A");
    }

    private static long[] sales(Map<String, long[]> sums, String row) {
        long[] c = sums.getOrDefault(row, new long[Rollups.WIDTH]);
        return new long[]{c[Rollups.ORDERS], c[Rollups.GROSS], c[Rollups.REFUNDS]};
    }

    private static long[] commission(long[] c) {
        long[] x = c == null ? new long[Rollups.WIDTH] : c;
        return new long[]{x[Rollups.ACCRUED], x[Rollups.REVERSED], x[Rollups.COMPLETED]};
    }

    /** The board's facts sent since last read: {@code session store order amount at placedAt}. */
    private List<String> boardLines() {
        return board.readRecordsToList().stream().map(r -> {
            BoardFact f = BoardFact.decode(r.value());
            assertThat(f.kind()).isEqualTo('P');
            assertThat(r.timestamp()).as("the input's time").isEqualTo(T.toEpochMilli());
            assertThat(r.key()).isEqualTo(f.sessionId());
            return f.sessionId() + " " + f.storeId() + " " + f.id() + " " + f.amount() + " at " + f.at();
        }).toList();
    }

    /** The same event (the same record, its id too) delivered twice, as a redelivery after a crash would be. */
    private static <T> void twice(TestInputTopic<String, byte[]> topic, String key, EventType<T> type, T payload) {
        TestRecord<String, byte[]> r = new TestRecord<>(key, EventJson.write(payload),
                StreamInput.headers(type, key, T), T);
        topic.pipeInput(r);
        topic.pipeInput(r);
    }
}
