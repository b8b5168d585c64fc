package io.storecast.distribution.persistence;

import io.storecast.distribution.persistence.StockDocuments.StockDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** Lists a store's stock by SKU without a collection scan. */
@Component
public class StockIndexes {

    public StockIndexes(MongoTemplate mongo) {
        mongo.indexOps(StockDoc.class).createIndex(new Index("storeId", Sort.Direction.ASC).on("sku", Sort.Direction.ASC));
    }
}
