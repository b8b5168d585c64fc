package io.storecast.order.application;

import io.storecast.order.domain.FlashStock;
import io.storecast.order.domain.FlashStock.Hold;
import io.storecast.order.domain.FlashStock.Unit;
import io.storecast.order.domain.Order;
import io.storecast.order.persistence.OrderDocuments.OrderDoc;
import io.storecast.order.persistence.OrderDocuments.StockDoc;
import io.storecast.order.persistence.OrderIndexes;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * A change lands only on the order (or flash-sale stock) it was computed from. The local store can hand a reader a
 * document half-way
 * through another writer's update (the old lines and refunds with the new version); a refund computed from such a
 * read once made six refunds of 100 land on a line of 500. Here that read is made to last: the stored key says the
 * order holds a refund its lines and refunds do not show.
 */
@SpringBootTest(properties = {"spring.config.name=order-service", "storecast.payments.secret=test-payment-secret-0123"})
class OrderCompareAndSetTest {

    static final Instant AT = Instant.parse("2026-11-11T12:00:00Z");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "order-cas-test");
    }

    @Autowired
    OrderCommands orders;

    @Autowired
    FlashSales stock;

    @Autowired
    ProductCatalog catalog;

    @Autowired
    MongoTemplate mongo;

    private Order paidLineOf500() {
        String id = "o-" + UUID.randomUUID();
        Order o = Order.place(id, "k-" + id, "c-" + id, "sess-cas", null,
                List.of(new Order.Item("SKU-CAS", "home", 1, 500)), "CNY", AT).pay("p-" + id, 500, AT.plusSeconds(1));
        mongo.insert(OrderDoc.of(o, "test"));
        return o;
    }

    @Test
    void a_change_computed_from_a_half_written_read_does_not_land() {
        Order o = paidLineOf500();
        String halfWritten = OrderDoc.rev(o.refund("rf-other", 1, 400, AT.plusSeconds(2)), 1);
        mongo.updateFirst(query(where("_id").is(o.id())), new Update().set("version", 1).set("rev", halfWritten),
                OrderDoc.class);

        assertThatThrownBy(() -> orders.refund(o.id(), "rf-1", 1, 200)).isInstanceOf(ConflictException.class);

        OrderDoc stored = mongo.findById(o.id(), OrderDoc.class);
        assertThat(stored.refunds()).isEmpty();
        assertThat(stored.lines().getFirst().refunded()).isZero();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.rev()).isEqualTo(halfWritten);
    }

    /** The same for flash-sale stock: a take computed from a read that shows more on sale than there is. */
    @Test
    void a_take_computed_from_a_half_written_read_of_stock_does_not_land() {
        String session = "sess-" + UUID.randomUUID();
        String sku = "SKU-" + UUID.randomUUID();
        catalog.create(sku, "Blender", "home", 30_000);
        FlashStock s = stock.allocate(session, sku, 10, 0);
        FlashStock elsewhere = stock.apply(s, new Hold("take:other", AT, List.of(new Unit("o-x", "c-x", 8))), Map.of());
        assertThat(elsewhere.remaining()).isEqualTo(2);
        // the read a writer could be handed mid-way: the new version, the old units
        mongo.updateFirst(query(where("_id").is(session + "/" + sku)), new Update().set("remaining", 10)
                .set("holds", List.of()), StockDoc.class);
        FlashStock halfRead = stock.stock(session, sku);
        assertThat(halfRead.remaining()).isEqualTo(10);
        assertThat(halfRead.version()).isEqualTo(1);

        assertThat(stock.apply(halfRead, new Hold("take:mine", AT, List.of(new Unit("o-y", "c-y", 5))), Map.of()))
                .isNull();
        StockDoc stored = mongo.findById(session + "/" + sku, StockDoc.class);
        assertThat(stored.remaining()).isEqualTo(10);
        assertThat(stored.rev()).isEqualTo(StockDoc.rev(elsewhere));

        FlashStock whole = stock.apply(s, null, Map.of());
        assertThat(whole).isNull();     // and a stale read of an older version does not land either
    }

    /** A stock written before keys carried a digest: re-keyed once at start, then taken from as any other. */
    @Test
    void a_stock_keyed_before_the_digest_is_rekeyed_at_start_and_then_sells() {
        String session = "sess-" + UUID.randomUUID();
        String sku = "SKU-" + UUID.randomUUID();
        catalog.create(sku, "Kettle", "home", 9_900);
        FlashStock s = stock.allocate(session, sku, 10, 0);
        mongo.updateFirst(query(where("_id").is(session + "/" + sku)), new Update().set("rev",
                OrderDoc.rev(session + "/" + sku, s.version())), StockDoc.class);
        assertThat(stock.apply(s, new Hold("take:early", AT, List.of(new Unit("o-e", "c-e", 1))), Map.of()))
                .as("a compare-and-set names the digest key only").isNull();

        new OrderIndexes(mongo);

        assertThat(mongo.findById(session + "/" + sku, StockDoc.class).rev()).isEqualTo(StockDoc.rev(s));
        FlashStock after = stock.apply(s, new Hold("take:1", AT, List.of(new Unit("o-1", "c-1", 3))), Map.of());
        assertThat(after.remaining()).isEqualTo(7);
        assertThat(mongo.findById(session + "/" + sku, StockDoc.class).remaining()).isEqualTo(7);
    }

    @Test
    void a_change_of_an_order_read_whole_lands_once() {
        Order o = paidLineOf500();

        orders.refund(o.id(), "rf-1", 1, 200);
        orders.refund(o.id(), "rf-1", 1, 200);

        OrderDoc stored = mongo.findById(o.id(), OrderDoc.class);
        assertThat(stored.refunds()).extracting(Order.Refund::refundId, Order.Refund::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rf-1", 200L));
        assertThat(stored.lines().getFirst().refunded()).isEqualTo(200);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.rev()).isEqualTo(OrderDoc.rev(stored.toOrder(), 1));
    }
}
