package io.storecast.order.persistence;

import io.storecast.order.persistence.OrderDocuments.OrderDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** A payment id pays one order only: a replayed or forged callback cannot pay a second order with it. */
@Component
public class OrderIndexes {

    public OrderIndexes(MongoTemplate mongo) {
        mongo.indexOps(OrderDoc.class).createIndex(new Index("paymentId", Sort.Direction.ASC).unique().sparse());
    }
}
