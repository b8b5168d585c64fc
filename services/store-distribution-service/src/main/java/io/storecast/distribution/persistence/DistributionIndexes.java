package io.storecast.distribution.persistence;

import io.storecast.distribution.persistence.DistributionDocuments.DealerDoc;
import io.storecast.distribution.persistence.DistributionDocuments.PlanDoc;
import io.storecast.distribution.persistence.DistributionDocuments.StoreDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** The unique indexes the rules rely on, created (idempotently) before the service takes requests. */
@Component
public class DistributionIndexes {

    public DistributionIndexes(MongoTemplate mongo) {
        mongo.indexOps(DealerDoc.class).createIndex(new Index("code", Sort.Direction.ASC).unique());
        mongo.indexOps(StoreDoc.class).createIndex(new Index("code", Sort.Direction.ASC).unique());
        mongo.indexOps(PlanDoc.class).createIndex(new Index("planVersion", Sort.Direction.DESC).unique());
    }
}
