package io.storecast.distribution.application;

import io.storecast.distribution.persistence.DistributionDocuments.RoomViewDoc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.util.Optional;

/** Our own copy of the rooms links lead to, kept from room-service's events; the only source of redirect targets. */
@Service
public class RoomDirectory {

    private final MongoTemplate mongo;

    public RoomDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Upsert of whole values: delivering the same event twice leaves the very same document. */
    public void record(String roomId, String name, String watchUrl) {
        mongo.upsert(Query.query(Criteria.where("_id").is(roomId)),
                new Update().set("watchUrl", watchUrl).set("name", name), RoomViewDoc.class);
    }

    public Optional<String> watchUrl(String roomId) {
        return Optional.ofNullable(mongo.findById(roomId, RoomViewDoc.class)).map(RoomViewDoc::watchUrl);
    }
}
