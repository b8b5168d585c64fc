package io.storecast.platform.infra;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InfrastructureTest {

    @Test
    void the_broker_carries_a_record_from_producer_to_consumer() throws Exception {
        Infrastructure infra = SharedInfrastructure.get();
        String topic = "infra-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "customer-1", "hello")).get();
        }
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 20_000;
            while (got.isEmpty() && System.currentTimeMillis() < until) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        assertThat(got).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("customer-1");
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void the_store_keeps_what_is_written_and_enforces_unique_ids() {
        Infrastructure infra = SharedInfrastructure.get();
        try (MongoClient client = MongoClients.create(infra.mongoUri("infra-test"))) {
            var col = client.getDatabase("infra-test").getCollection("c-" + UUID.randomUUID());
            col.insertOne(new Document("_id", "a").append("n", 1));
            assertThat(col.find(new Document("_id", "a")).first()).containsEntry("n", 1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> col.insertOne(new Document("_id", "a")))
                    .hasMessageContaining("E11000");
        }
    }

    @Test
    void a_database_name_goes_into_any_connection_string() {
        assertThat(Infrastructure.withDatabase("mongodb://h1:1,h2:2/?replicaSet=rs0", "orders"))
                .isEqualTo("mongodb://h1:1,h2:2/orders?replicaSet=rs0");
        assertThat(Infrastructure.withDatabase("mongodb://h:1", "orders")).isEqualTo("mongodb://h:1/orders");
        assertThat(Infrastructure.withDatabase("mongodb://h:1/admin", "orders")).isEqualTo("mongodb://h:1/orders");
    }
}
