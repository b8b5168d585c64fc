package io.storecast.distribution.persistence;

import io.storecast.distribution.persistence.DistributionDocuments.DealerDoc;
import io.storecast.distribution.persistence.DistributionDocuments.PlanDoc;
import io.storecast.distribution.persistence.DistributionDocuments.StaffDoc;
import io.storecast.distribution.persistence.DistributionDocuments.StoreDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The unique indexes the rules rely on and the indexes the lists filter by, created (idempotently) before
 * the service takes requests.
 */
@Component
public class DistributionIndexes {

    public DistributionIndexes(MongoTemplate mongo) {
        mongo.indexOps(DealerDoc.class).createIndex(new Index("code", Sort.Direction.ASC).unique());
        mongo.indexOps(StoreDoc.class).createIndex(new Index("code", Sort.Direction.ASC).unique());
        mongo.indexOps(StoreDoc.class).createIndex(new Index("dealerId", Sort.Direction.ASC));
        mongo.indexOps(StaffDoc.class).createIndex(new Index("storeId", Sort.Direction.ASC));
        mongo.indexOps(PlanDoc.class).createIndex(new Index("planVersion", Sort.Direction.DESC).unique());
    }
}
