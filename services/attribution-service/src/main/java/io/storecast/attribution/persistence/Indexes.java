package io.storecast.attribution.persistence;

import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** The indexes the queries need, created at startup (idempotent). */
@Component
class Indexes implements ApplicationRunner {

    private final MongoTemplate mongo;

    Indexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        mongo.indexOps(LedgerDoc.class).createIndex(new Index().on("period", Sort.Direction.ASC)
                .on("beneficiaryType", Sort.Direction.ASC));
        mongo.indexOps(LedgerDoc.class).createIndex(new Index().on("orderId", Sort.Direction.ASC));
    }
}
