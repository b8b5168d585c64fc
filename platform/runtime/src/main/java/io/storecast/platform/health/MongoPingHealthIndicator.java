package io.storecast.platform.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Mongo health by {@code {ping: 1}}, which real MongoDB and mongo-java-server both answer (Boot's own
 * check uses {@code hello}, which the local store lacks).
 */
public class MongoPingHealthIndicator implements HealthIndicator {

    private final MongoTemplate mongo;

    public MongoPingHealthIndicator(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Health health() {
        try {
            Document answer = mongo.executeCommand(new Document("ping", 1));
            return Health.up().withDetail("database", mongo.getDb().getName())
                    .withDetail("ok", answer.get("ok")).build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
