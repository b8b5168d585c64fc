package io.storecast.attribution.application;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.storecast.attribution.persistence.AttributionDocuments.StoreDoc;
import io.storecast.contracts.network.StoreChanged;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.platform.infra.LocalMongoStore;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The network a report names its rows by: from memory, and from Mongo only for what memory does not hold. */
class ReferenceViewsTest {

    private static final Instant T = Instant.parse("2026-11-20T12:00:00Z");
    private static final TopicPartition NETWORK = new TopicPartition("network", 0);

    private LocalMongoStore store;
    private MongoClient client;
    private MongoTemplate mongo;
    private ReferenceViews views;

    @BeforeEach
    void start() {
        store = LocalMongoStore.inMemory(0);
        client = MongoClients.create(store.uri("reference-test"));
        mongo = new MongoTemplate(client, "reference-test");
        views = new ReferenceViews(mongo);
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void a_report_takes_stores_from_memory_and_reads_none_from_mongo_while_memory_holds_every_one_asked_for() {
        views.remember(new StoreRegistered("s1", "S-1", "西湖店", "d1", T, null, null, null), NETWORK, 0);
        // a store only in the database (written there straight, as the report benchmark's fixture does)
        mongo.save(new StoreDoc("s2", "S-2", "南京路店", "d1"));

        Map<String, StoreDoc> known = views.knownStores(List.of("s1"));

        assertThat(known).containsOnlyKeys("s1");
        assertThat(known.get("s1")).isEqualTo(new StoreDoc("s1", "S-1", "西湖店", "d1"));
    }

    @Test
    void a_store_memory_lacks_has_every_store_read_from_mongo_once_without_replacing_what_memory_holds() {
        views.remember(new StoreRegistered("s1", "S-1", "西湖店", "d1", T, null, null, null), NETWORK, 0);
        views.remember(new StoreChanged("s1", "S-1", "西湖旗舰店", "杭州", null, null, "d2", true, T), NETWORK, 1);
        mongo.save(new StoreDoc("s1", "S-1", "西湖店", "d1"));          // the database's view, behind memory's
        mongo.save(new StoreDoc("s2", "S-2", "南京路店", "d1"));
        mongo.save(new StoreDoc("s3", "S-3", "玄武店", null));

        Map<String, StoreDoc> known = views.knownStores(List.of("s1", "s2"));

        assertThat(known).containsOnlyKeys("s1", "s2", "s3");
        assertThat(known.get("s1")).isEqualTo(new StoreDoc("s1", "S-1", "西湖旗舰店", "d2"));
        assertThat(known.get("s2")).isEqualTo(new StoreDoc("s2", "S-2", "南京路店", "d1"));
        // remembered: gone from the database, still known
        mongo.remove(new StoreDoc("s2", "S-2", "南京路店", "d1"));
        assertThat(views.knownStores(List.of("s2")).get("s2").name()).isEqualTo("南京路店");
    }
}
