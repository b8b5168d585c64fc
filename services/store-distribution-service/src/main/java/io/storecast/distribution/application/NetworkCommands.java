package io.storecast.distribution.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StaffRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.distribution.domain.Dealer;
import io.storecast.distribution.domain.Staff;
import io.storecast.distribution.domain.Store;
import io.storecast.distribution.persistence.DistributionDocuments.DealerDoc;
import io.storecast.distribution.persistence.DistributionDocuments.StaffDoc;
import io.storecast.distribution.persistence.DistributionDocuments.StoreDoc;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.storecast.distribution.application.Defaults.SOURCE;

/** The distribution network: dealers, stores and staff. Every registration and its event are one document write. */
@Service
public class NetworkCommands {

    private final MongoTemplate mongo;
    private final OutboxRelay relay;

    private final Clock clock;

    public NetworkCommands(MongoTemplate mongo, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.clock = clock;
    }

    public Dealer registerDealer(String code, String name) {
        Dealer d = new Dealer("dealer-" + UUID.randomUUID(), code, name);
        Instant now = clock.instant();
        DealerRegistered event = new DealerRegistered(d.id(), d.code(), d.name(), now);
        try {
            mongo.insert(new DealerDoc(d.id(), d.code(), d.name(), now, List.of(
                    OutboxRecord.of(Events.DEALER_REGISTERED, d.id(), d.id(), SOURCE, now, event, null, null))));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("code", "a dealer with code " + code + " already exists");
        }
        relay.wake(DealerDoc.class, d.id());
        return d;
    }

    public Dealer dealer(String id) {
        DealerDoc d = mongo.findById(id, DealerDoc.class);
        if (d == null) {
            throw new NotFoundException("dealer", id);
        }
        return new Dealer(d.id(), d.code(), d.name());
    }

    public Store registerStore(String code, String name, String dealerId) {
        String dealer = dealerId == null || dealerId.isBlank() ? null : dealerId;
        if (dealer != null && mongo.findById(dealer, DealerDoc.class) == null) {
            throw new InvalidFieldException("dealerId", "dealer " + dealer + " does not exist");
        }
        Store s = new Store("store-" + UUID.randomUUID(), code, name, dealer);
        Instant now = clock.instant();
        StoreRegistered event = new StoreRegistered(s.id(), s.code(), s.name(), s.dealerId(), now);
        try {
            mongo.insert(new StoreDoc(s.id(), s.code(), s.name(), s.dealerId(), now, List.of(
                    OutboxRecord.of(Events.STORE_REGISTERED, s.id(), s.id(), SOURCE, now, event, null, null))));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("code", "a store with code " + code + " already exists");
        }
        relay.wake(StoreDoc.class, s.id());
        return s;
    }

    public Store store(String id) {
        StoreDoc d = mongo.findById(id, StoreDoc.class);
        if (d == null) {
            throw new NotFoundException("store", id);
        }
        return new Store(d.id(), d.code(), d.name(), d.dealerId());
    }

    public Staff registerStaff(String storeId, String name, String shopperCustomerId) {
        store(storeId);
        String shopper = shopperCustomerId == null || shopperCustomerId.isBlank() ? null : shopperCustomerId;
        Staff s = new Staff("staff-" + UUID.randomUUID(), storeId, name, shopper);
        Instant now = clock.instant();
        StaffRegistered event = new StaffRegistered(s.id(), storeId, s.name(), shopper, now);
        mongo.insert(new StaffDoc(s.id(), storeId, s.name(), shopper, now, List.of(
                OutboxRecord.of(Events.STAFF_REGISTERED, s.id(), s.id(), SOURCE, now, event, null, null))));
        relay.wake(StaffDoc.class, s.id());
        return s;
    }

    public Staff staff(String id) {
        StaffDoc d = mongo.findById(id, StaffDoc.class);
        if (d == null) {
            throw new NotFoundException("staff member", id);
        }
        return new Staff(d.id(), d.storeId(), d.name(), d.shopperCustomerId());
    }
}
