package io.storecast.room.application;

import io.storecast.room.persistence.RoomDocuments.LinkDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Our copy of who owns each tracked link, kept from store-distribution's {@code LinkIssued} events: it
 * tells which reservations and viewers a store's links brought.
 */
@Service
public class LinkDirectory {

    private final MongoTemplate mongo;

    public LinkDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(LinkDoc.class).createIndex(new Index().on("storeId", Sort.Direction.ASC));
    }

    /** Upsert of whole values by code: a redelivered event writes the same document. */
    public void record(String code, String ownerType, String ownerId, String storeId, String dealerId) {
        mongo.upsert(Query.query(Criteria.where("_id").is(code)), new Update().set("ownerType", ownerType)
                .set("ownerId", ownerId).set("storeId", storeId).set("dealerId", dealerId), LinkDoc.class);
    }

    /** The codes of a store's own links and of its staff's. */
    public List<LinkDoc> ofStore(String storeId) {
        return mongo.find(Query.query(Criteria.where("storeId").is(storeId)), LinkDoc.class);
    }

    /** Those of {@code codes} that are store or staff links. */
    public Set<String> storeLinkCodes(Collection<String> codes) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(codes);
        for (int i = 0; i < all.size(); i += 1_000) {
            Query q = Query.query(Criteria.where("_id").in(all.subList(i, Math.min(all.size(), i + 1_000)))
                    .and("storeId").ne(null));
            mongo.find(q, LinkDoc.class).forEach(l -> found.add(l.code()));
        }
        return found;
    }
}
