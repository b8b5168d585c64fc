package io.storecast.distribution.application;

import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import io.storecast.contracts.network.DealerChanged;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StaffChanged;
import io.storecast.contracts.network.StaffRegistered;
import io.storecast.contracts.network.StoreChanged;
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
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static io.storecast.distribution.application.Defaults.SOURCE;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The distribution network: dealers, stores and staff. Every change and its event are one document
 * write; a change is a compare-and-set on the document's {@code version}, retried on a lost race, so two
 * concurrent changes never both apply to the same state. A command that changes nothing publishes nothing.
 */
@Service
public class NetworkCommands {

    public static final int MAX_PAGE_SIZE = 200;
    private static final int ATTEMPTS = 5;

    /** One page of a list, in a stable order. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final Clock clock;

    public NetworkCommands(MongoTemplate mongo, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.clock = clock;
    }

    // ---- dealers

    public Dealer registerDealer(String code, String name) {
        Dealer d = Dealer.register("dealer-" + UUID.randomUUID(), code, name);
        Instant now = clock.instant();
        DealerRegistered event = new DealerRegistered(d.id(), d.code(), d.name(), now);
        try {
            mongo.insert(new DealerDoc(d.id(), d.code(), d.name(), now, now, null, 0L,
                    List.of(outbox(Events.DEALER_REGISTERED, d.id(), now, event))));
        } catch (DuplicateKeyException e) {
            throw duplicateCode("dealer", code);
        }
        relay.wake(DealerDoc.class, d.id());
        return d;
    }

    public Dealer dealer(String id) {
        return toDealer(dealerDoc(id));
    }

    public Page<Dealer> dealers(Boolean active, String q, int page, int size) {
        Query query = new Query();
        filterActive(query, active);
        filterPrefix(query, q);
        return page(query.with(Sort.by("code")), DealerDoc.class, NetworkCommands::toDealer, page, size);
    }

    public Dealer updateDealer(String id, String code, String name) {
        return changeDealer(id, d -> d.edit(code, name));
    }

    public Dealer deactivateDealer(String id) {
        return changeDealer(id, Dealer::deactivate);
    }

    public Dealer activateDealer(String id) {
        return changeDealer(id, Dealer::activate);
    }

    private Dealer changeDealer(String id, UnaryOperator<Dealer> change) {
        for (int attempt = 1; ; attempt++) {
            DealerDoc doc = dealerDoc(id);
            Dealer current = toDealer(doc);
            Dealer next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            Instant now = clock.instant();
            Update update = new Update().set("code", next.code()).set("name", next.name())
                    .set("deactivatedAt", deactivatedAt(doc.deactivatedAt(), next.active(), now));
            DealerChanged event = new DealerChanged(id, next.code(), next.name(), next.active(), now);
            if (write(DealerDoc.class, "dealer", id, doc.version(), update, now,
                    outbox(Events.DEALER_CHANGED, id, now, event))) {
                return next;
            }
            lostRace(attempt, "dealer", id);
        }
    }

    private DealerDoc dealerDoc(String id) {
        DealerDoc d = mongo.findById(id, DealerDoc.class);
        if (d == null) {
            throw new NotFoundException("dealer", id);
        }
        return d;
    }

    private static Dealer toDealer(DealerDoc d) {
        return new Dealer(d.id(), d.code(), d.name(), d.deactivatedAt() == null);
    }

    // ---- stores

    public Store registerStore(String code, String name, String city, Double latitude, Double longitude,
                               String dealerId) {
        Store s = Store.open("store-" + UUID.randomUUID(), code, name, city, latitude, longitude, dealerId);
        requireActiveDealer(s.dealerId());
        Instant now = clock.instant();
        StoreRegistered event = new StoreRegistered(s.id(), s.code(), s.name(), s.dealerId(), now, s.city(),
                s.latitude(), s.longitude());
        try {
            mongo.insert(new StoreDoc(s.id(), s.code(), s.name(), s.city(), s.latitude(), s.longitude(), s.dealerId(),
                    now, now, null, 0L, List.of(outbox(Events.STORE_REGISTERED, s.id(), now, event))));
        } catch (DuplicateKeyException e) {
            throw duplicateCode("store", code);
        }
        relay.wake(StoreDoc.class, s.id());
        return s;
    }

    public Store store(String id) {
        return toStore(storeDoc(id));
    }

    public Page<Store> stores(String dealerId, String city, Boolean active, String q, int page, int size) {
        Query query = new Query();
        if (dealerId != null && !dealerId.isBlank()) {
            query.addCriteria(where("dealerId").is(dealerId));
        }
        if (city != null && !city.isBlank()) {
            query.addCriteria(where("city").is(city));
        }
        filterActive(query, active);
        filterPrefix(query, q);
        return page(query.with(Sort.by("code")), StoreDoc.class, NetworkCommands::toStore, page, size);
    }

    /** Full replacement of the store's details; moving it to another dealer needs that dealer to be active. */
    public Store updateStore(String id, String code, String name, String city, Double latitude, Double longitude,
                             String dealerId) {
        return changeStore(id, s -> {
            Store next = s.edit(code, name, city, latitude, longitude, dealerId);
            if (!Objects.equals(next.dealerId(), s.dealerId())) {
                requireActiveDealer(next.dealerId());
            }
            return next;
        });
    }

    public Store deactivateStore(String id) {
        return changeStore(id, Store::deactivate);
    }

    public Store activateStore(String id) {
        return changeStore(id, Store::activate);
    }

    private Store changeStore(String id, UnaryOperator<Store> change) {
        for (int attempt = 1; ; attempt++) {
            StoreDoc doc = storeDoc(id);
            Store current = toStore(doc);
            Store next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            Instant now = clock.instant();
            Update update = new Update().set("code", next.code()).set("name", next.name()).set("city", next.city())
                    .set("latitude", next.latitude()).set("longitude", next.longitude())
                    .set("dealerId", next.dealerId())
                    .set("deactivatedAt", deactivatedAt(doc.deactivatedAt(), next.active(), now));
            StoreChanged event = new StoreChanged(id, next.code(), next.name(), next.city(), next.latitude(),
                    next.longitude(), next.dealerId(), next.active(), now);
            if (write(StoreDoc.class, "store", id, doc.version(), update, now,
                    outbox(Events.STORE_CHANGED, id, now, event))) {
                return next;
            }
            lostRace(attempt, "store", id);
        }
    }

    private void requireActiveDealer(String dealerId) {
        if (dealerId == null) {
            return;
        }
        DealerDoc dealer = mongo.findById(dealerId, DealerDoc.class);
        if (dealer == null) {
            throw new InvalidFieldException("dealerId", "dealer " + dealerId + " does not exist");
        }
        if (dealer.deactivatedAt() != null) {
            throw new InvalidFieldException("dealerId", "dealer " + dealerId + " is deactivated");
        }
    }

    private StoreDoc storeDoc(String id) {
        StoreDoc d = mongo.findById(id, StoreDoc.class);
        if (d == null) {
            throw new NotFoundException("store", id);
        }
        return d;
    }

    private static Store toStore(StoreDoc d) {
        return new Store(d.id(), d.code(), d.name(), d.city(), d.latitude(), d.longitude(), d.dealerId(),
                d.deactivatedAt() == null);
    }

    // ---- staff

    /** A new staff member of an active store. */
    public Staff registerStaff(String storeId, String name, String shopperCustomerId) {
        if (!store(storeId).active()) {
            throw new ConflictException("storeId", "store " + storeId + " is deactivated; it takes no new staff");
        }
        Staff s = Staff.hire("staff-" + UUID.randomUUID(), storeId, name, shopperCustomerId);
        Instant now = clock.instant();
        StaffRegistered event = new StaffRegistered(s.id(), storeId, s.name(), s.shopperCustomerId(), now);
        mongo.insert(new StaffDoc(s.id(), storeId, s.name(), s.shopperCustomerId(), now, now, null, 0L,
                List.of(outbox(Events.STAFF_REGISTERED, s.id(), now, event))));
        relay.wake(StaffDoc.class, s.id());
        return s;
    }

    public Staff staff(String id) {
        return toStaff(staffDoc(id));
    }

    /** A store's staff, by name. */
    public Page<Staff> staffOf(String storeId, Boolean active, int page, int size) {
        store(storeId);
        Query query = Query.query(where("storeId").is(storeId));
        filterActive(query, active);
        return page(query.with(Sort.by("name", "id")), StaffDoc.class, NetworkCommands::toStaff, page, size);
    }

    /** New name and shopper account; {@code storeId}, when given, must be the staff member's own store. */
    public Staff updateStaff(String id, String storeId, String name, String shopperCustomerId) {
        return changeStaff(id, s -> s.edit(storeId, name, shopperCustomerId));
    }

    public Staff deactivateStaff(String id) {
        return changeStaff(id, Staff::deactivate);
    }

    public Staff activateStaff(String id) {
        return changeStaff(id, Staff::activate);
    }

    private Staff changeStaff(String id, UnaryOperator<Staff> change) {
        for (int attempt = 1; ; attempt++) {
            StaffDoc doc = staffDoc(id);
            Staff current = toStaff(doc);
            Staff next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            Instant now = clock.instant();
            Update update = new Update().set("name", next.name()).set("shopperCustomerId", next.shopperCustomerId())
                    .set("deactivatedAt", deactivatedAt(doc.deactivatedAt(), next.active(), now));
            StaffChanged event = new StaffChanged(id, next.storeId(), next.name(), next.shopperCustomerId(),
                    next.active(), now);
            if (write(StaffDoc.class, "staff member", id, doc.version(), update, now,
                    outbox(Events.STAFF_CHANGED, id, now, event))) {
                return next;
            }
            lostRace(attempt, "staff member", id);
        }
    }

    private StaffDoc staffDoc(String id) {
        StaffDoc d = mongo.findById(id, StaffDoc.class);
        if (d == null) {
            throw new NotFoundException("staff member", id);
        }
        return d;
    }

    private static Staff toStaff(StaffDoc d) {
        return new Staff(d.id(), d.storeId(), d.name(), d.shopperCustomerId(), d.deactivatedAt() == null);
    }

    // ---- shared

    private static <T> OutboxRecord outbox(EventType<T> type, String id, Instant now, T event) {
        return OutboxRecord.of(type, id, id, SOURCE, now, event, null, null);
    }

    /** Keeps the first deactivation time while the entity stays deactivated; null while active. */
    private static Instant deactivatedAt(Instant before, boolean active, Instant now) {
        return active ? null : before != null ? before : now;
    }

    /**
     * The change and its event in one single-document write, applied only if nobody changed the document
     * since it was read ({@code version} unchanged; null on documents older than the field). False on a lost race.
     */
    private boolean write(Class<?> type, String what, String id, Long version, Update update, Instant now,
                          OutboxRecord event) {
        update.set("updatedAt", now).set("version", version == null ? 1L : version + 1).push(OutboxRelay.FIELD, event);
        long matched;
        try {
            matched = mongo.updateFirst(Query.query(where("_id").is(id).and("version").is(version)), update, type)
                    .getMatchedCount();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("code", "another " + what + " already has this code");
        }
        if (matched == 0) {
            return false;
        }
        relay.wake(type, id);
        return true;
    }

    private static void lostRace(int attempt, String what, String id) {
        if (attempt >= ATTEMPTS) {
            throw new ConflictException(null, what + " " + id + " is being changed by someone else; try again");
        }
    }

    private static ConflictException duplicateCode(String what, String code) {
        return new ConflictException("code", "a " + what + " with code " + code + " already exists");
    }

    private static void filterActive(Query query, Boolean active) {
        if (active != null) {
            query.addCriteria(active ? where("deactivatedAt").is(null) : where("deactivatedAt").ne(null));
        }
    }

    /** Code or name starting with {@code q}, ignoring case. */
    private static void filterPrefix(Query query, String q) {
        if (q != null && !q.isBlank()) {
            String prefix = "^" + escapeRegex(q.strip());
            query.addCriteria(new Criteria().orOperator(where("code").regex(prefix, "i"),
                    where("name").regex(prefix, "i")));
        }
    }

    private static String escapeRegex(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private <D, T> Page<T> page(Query query, Class<D> type, Function<D, T> map, int page, int size) {
        if (page < 0 || (long) page * size > 1_000_000) {
            throw new InvalidFieldException("page", "page must be 0 or more, within the first million entries", 400);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidFieldException("size", "size must be between 1 and " + MAX_PAGE_SIZE, 400);
        }
        long total = mongo.count(query, type);
        List<T> items = mongo.find(query.skip((long) page * size).limit(size), type).stream().map(map).toList();
        return new Page<>(items, page, size, total);
    }
}
