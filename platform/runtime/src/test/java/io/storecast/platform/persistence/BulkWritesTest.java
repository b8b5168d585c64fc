package io.storecast.platform.persistence;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.storecast.platform.infra.Infrastructure;
import io.storecast.platform.infra.SharedInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Inserting documents with deterministic ids through the driver is idempotent: a second delivery adds nothing. */
class BulkWritesTest {

    private final Infrastructure infra = SharedInfrastructure.get();
    private final MongoCollection<Document> entries = MongoClients.create(infra.mongoUri("bulk-writes-test"))
            .getDatabase("bulk-writes-test").getCollection("entries-" + UUID.randomUUID());

    private static Document entry(String id, long amount) {
        return new Document("_id", id).append("amount", amount);
    }

    @Test
    void the_same_documents_again_are_reported_as_there_already_and_the_new_one_is_written() {
        assertThat(BulkWrites.insertIgnoringDuplicates(entries, List.of(entry("o-1:1:TRAFFIC:0", 1_495),
                entry("o-1:1:DEALER_OVERRIDE:0", 598)))).isEmpty();

        Set<Integer> there = BulkWrites.insertIgnoringDuplicates(entries, List.of(entry("o-1:1:TRAFFIC:0", 1_495),
                entry("o-2:1:TRAFFIC:0", 250), entry("o-1:1:DEALER_OVERRIDE:0", 598)));

        assertThat(there).containsExactly(0, 2);
        assertThat(entries.countDocuments()).isEqualTo(3);
        assertThat(entries.find(new Document("_id", "o-2:1:TRAFFIC:0")).first().getLong("amount")).isEqualTo(250L);
    }

    @Test
    void nothing_to_write_writes_nothing() {
        assertThat(BulkWrites.insertIgnoringDuplicates(entries, List.of())).isEmpty();
        assertThat(entries.countDocuments()).isZero();
    }
}
