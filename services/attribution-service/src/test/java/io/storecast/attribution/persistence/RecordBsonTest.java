package io.storecast.attribution.persistence;

import io.storecast.attribution.persistence.AttributionDocuments.AdjustmentDoc;
import io.storecast.attribution.persistence.AttributionDocuments.CandidateDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LineDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PreviousDecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RefundDoc;
import io.storecast.attribution.persistence.AttributionDocuments.ShippingDoc;
import io.storecast.attribution.persistence.AttributionDocuments.TouchDoc;
import io.storecast.platform.outbox.OutboxRecord;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What {@link RecordBson} writes is what Spring Data's mapping writes (but {@code _class}), and reads back equal. */
class RecordBsonTest {

    private static final Instant PLACED = Instant.parse("2026-11-30T16:05:01.123Z");
    private static final Instant PAID = Instant.parse("2026-11-30T16:06:02.456Z");

    private final MappingMongoConverter spring = converter();

    private static MappingMongoConverter converter() {
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }

    private static TouchDoc touch(String id, String code) {
        return new TouchDoc(id, "c-1", code, "JOIN", PLACED.minusSeconds(60), PLACED.minusSeconds(59));
    }

    private static LedgerDoc entry(String id, long amount, List<OutboxRecord> outbox) {
        return new LedgerDoc(id, "o-1", 1, "TRAFFIC", "STORE", "s-1", "s-1", "d-1", "ACCRUAL", amount, "CNY", PAID,
                "2026-12", 3, "PENDING", null, outbox);
    }

    /** Every component filled, lists of records within records, some nulls. */
    private static DecisionDoc decision() {
        TouchDoc won = touch("join:e-2", "Ab3dE5gH7k");
        OutboxRecord event = new OutboxRecord("ev-1", "OrderAttributed", 1, "storecast.attributions.v1", "c-1",
                "o-1", "attribution-service", PAID, "corr-1", null, "{\"orderId\":\"o-1\"}",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        AdjustmentDoc adjustment = new AdjustmentDoc("adj-1", 2, "hq-ops", "wrong store", PAID.plusSeconds(3600),
                new PreviousDecisionDoc(1, "STORE", "s-9", "d-1", null, "LAST_TOUCH"), "STORE", "s-1", "d-1",
                "st-4", List.of(entry("o-1:1:TRAFFIC:a1", -250, List.of())));
        return new DecisionDoc("o-1", "c-1", 2, 7, "LAST_TOUCH", "STORE", "s-1", "d-1", "st-4", "STAFF", won,
                List.of(new CandidateDoc(touch("join:e-1", "Zz9yX8wV7u"), false, "other store"),
                        new CandidateDoc(won, true, null)),
                "latest qualifying touch", PAID, 3, "CNY", PLACED, PAID, 49_901L, "2026-12",
                List.of(new LineDoc(1, "apparel", 29_900L), new LineDoc(2, "*", 20_001L)),
                List.of(new RefundDoc("r-1", 1, 2, 1_001L, PAID.plusSeconds(86_400), "2026-12")), null, "s-1",
                "STORE", List.of(adjustment), List.of(event));
    }

    private static Document decoded(RawBsonDocument raw) {
        return raw.decode(new DocumentCodec());
    }

    private Document springs(Object value) {
        Document d = new Document();
        spring.write(value, d);
        d.remove("_class");
        return d;
    }

    @Test
    void a_decision_is_written_as_spring_writes_it_and_read_back_equal() {
        DecisionDoc d = decision();
        Document ours = decoded(RecordBson.write(d));
        Document theirs = springs(d);
        assertEquals(theirs, ours);
        assertEquals(theirs.toJson(), ours.toJson());       // the order of fields and the BSON types, at every level
        assertEquals("o-1", ours.get("_id"));
        assertEquals("join:e-2", ours.get("winning", Document.class).get("_id"));
        assertEquals(java.util.Date.from(PAID), ours.get("paidAt"));
        assertEquals(49_901L, ours.get("paidAmount"));
        assertEquals(false, ours.containsKey("completedAt"));
        assertEquals(d, spring.read(DecisionDoc.class, ours));
    }

    @Test
    void an_entry_is_written_as_spring_writes_it_and_read_back_equal() {
        LedgerDoc e = entry("o-1:1:TRAFFIC:0", 1_495L, List.of());
        Document ours = decoded(RecordBson.write(e));
        assertEquals(springs(e), ours);
        assertEquals(springs(e).toJson(), ours.toJson());
        assertEquals(List.of("_id", "orderId", "lineNo", "role", "beneficiaryType", "beneficiaryId", "storeId",
                "dealerId", "kind", "amount", "currency", "eventTime", "period", "planVersion", "status", "outbox"),
                new ArrayList<>(ours.keySet()));
        assertEquals(List.of(), ours.get("outbox"));
        assertEquals(e, spring.read(LedgerDoc.class, ours));
    }

    @Test
    void who_ships_an_order_is_written_as_spring_writes_it_without_a_store_for_the_warehouse() {
        ShippingDoc store = new ShippingDoc("o-1", "STORE", "s-1");
        ShippingDoc warehouse = new ShippingDoc("o-2", "HQ_WAREHOUSE", null);
        assertEquals(springs(store).toJson(), decoded(RecordBson.write(store)).toJson());
        assertEquals(springs(warehouse).toJson(), decoded(RecordBson.write(warehouse)).toJson());
        assertEquals("{\"_id\": \"o-2\", \"assignee\": \"HQ_WAREHOUSE\"}",
                decoded(RecordBson.write(warehouse)).toJson());
        assertEquals(warehouse, spring.read(ShippingDoc.class, decoded(RecordBson.write(warehouse))));
    }

    @Test
    void an_instant_is_kept_to_the_millisecond_as_by_spring() {
        TouchDoc t = new TouchDoc("t-1", "c-1", "Ab3dE5gH7k", "JOIN", Instant.parse("2026-12-01T00:00:00.123456789Z"),
                Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertEquals(springs(t), decoded(RecordBson.write(t)));
    }

    /** Its id not first, a nested id named {@code id}, ids that read as ObjectIds. */
    record Nested(String note, String id) {
    }

    record Shuffled(long amount, @org.springframework.data.annotation.Id String key, List<Nested> parts) {
    }

    @Test
    void ids_go_first_and_are_objectids_where_spring_makes_them_so() {
        Shuffled s = new Shuffled(7L, "5f1d7a2b9c8e4d3f2a1b0c9d",
                List.of(new Nested("n", "6a2e8b3c0d9f5e4a3b2c1d0e"), new Nested(null, "plain")));
        Document ours = decoded(RecordBson.write(s));
        assertEquals(springs(s).toJson(), ours.toJson());
        assertEquals(new org.bson.types.ObjectId("5f1d7a2b9c8e4d3f2a1b0c9d"), ours.get("_id"));
        assertEquals(ours.get("_id"), RecordBson.id("5f1d7a2b9c8e4d3f2a1b0c9d"));
        assertEquals("po-1-5", RecordBson.id("po-1-5"));
    }

    record Unsupported(String id, Map<String, Long> counters) {
    }

    record Holding(String id, List<Unsupported> inside) {
    }

    @Test
    void a_type_it_does_not_know_is_refused_by_type_even_when_empty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordBson.write(new Holding("h-1", List.of())));
        assertEquals(true, e.getMessage().startsWith("no BSON written for a java.util.Map<java.lang.String, "
                + "java.lang.Long> in "), e.getMessage());
    }
}
