package io.storecast.attribution.application;

import io.storecast.attribution.domain.CommissionPlan;
import io.storecast.attribution.domain.LinkOwner;
import io.storecast.attribution.persistence.AttributionDocuments.DealerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LinkDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PlanDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RatesDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StaffDoc;
import io.storecast.attribution.persistence.AttributionDocuments.StoreDoc;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerChanged;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StaffChanged;
import io.storecast.contracts.network.StoreChanged;
import io.storecast.contracts.network.StaffRegistered;
import io.storecast.contracts.network.StoreRegistered;
import org.apache.kafka.common.TopicPartition;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Attribution's own copy of the distribution network, links and plans, built from store-distribution's events: in
 * Mongo (every write a whole-value upsert by id, so a redelivered event changes nothing) and in memory, so that a
 * decision reads them at memory speed, not by a query each. Each instance's memory is built by its own reader (a
 * group of its own, from the start of the topics), in each partition's order, and knows how far it has come
 * ({@link #behind}); the group's reader writes Mongo. What the topics no longer hold (retention) is read from Mongo
 * once, on first use. Unknown ids are not remembered, so a link issued a moment later is found.
 */
@Service
public class ReferenceViews {

    private final MongoTemplate mongo;
    private final Map<String, LinkDoc> links = new ConcurrentHashMap<>();
    private final Map<String, StoreDoc> stores = new ConcurrentHashMap<>();
    private final Map<String, StaffDoc> staff = new ConcurrentHashMap<>();
    private final Map<String, DealerDoc> dealers = new ConcurrentHashMap<>();
    private final Map<Integer, PlanDoc> plans = new ConcurrentHashMap<>();
    private volatile boolean plansLoaded;
    /** Per partition of the reference topics, the offset below which every record is in memory. */
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();

    public ReferenceViews(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Writes a fact of store-distribution's to Mongo; other events are ignored. Memory is left to this instance's own
     * reader: the group's reader may be behind it, and would put an older value back.
     */
    public void on(Object event) {
        Object doc = document(event);
        if (doc != null) {
            mongo.save(doc);
        }
    }

    /**
     * Keeps a fact in this instance's memory, read at {@code offset} of a reference topic's partition; the records of
     * a partition come in its order.
     */
    public void remember(Object event, TopicPartition from, long offset) {
        switch (event == null ? null : document(event)) {
            case DealerDoc d -> dealers.put(d.id(), d);
            case StoreDoc d -> stores.put(d.id(), d);
            case StaffDoc d -> staff.put(d.id(), d);
            case LinkDoc d -> links.put(d.code(), d);
            case PlanDoc d -> plans.put(d.version(), d);
            case null, default -> { }
        }
        applied.merge(from, offset + 1, Math::max);
    }

    /** A partition whose log starts at {@code start}: nothing below it can still be read, so none is missing. */
    public void readableFrom(TopicPartition partition, long start) {
        applied.merge(partition, start, Math::max);
    }

    /** Of the partitions given with their ends, those whose records below the end are not all in memory yet. */
    public Set<TopicPartition> behind(Map<TopicPartition, Long> ends) {
        Set<TopicPartition> out = new HashSet<>();
        ends.forEach((p, end) -> {
            if (applied.getOrDefault(p, 0L) < end) {
                out.add(p);
            }
        });
        return out;
    }

    /** The document a fact of store-distribution's stands for, or null for an event that is not such a fact. */
    private static Object document(Object event) {
        return switch (event) {
            case DealerRegistered e -> new DealerDoc(e.dealerId(), e.code(), e.name());
            case DealerChanged e -> new DealerDoc(e.dealerId(), e.code(), e.name());
            case StoreRegistered e -> new StoreDoc(e.storeId(), e.code(), e.name(), e.dealerId());
            case StoreChanged e -> new StoreDoc(e.storeId(), e.code(), e.name(), e.dealerId());
            case StaffRegistered e -> new StaffDoc(e.staffId(), e.storeId(), e.name(), e.shopperCustomerId());
            case StaffChanged e -> new StaffDoc(e.staffId(), e.storeId(), e.name(), e.shopperCustomerId());
            case LinkIssued e -> new LinkDoc(e.code(), e.ownerType(), e.ownerId(), e.storeId(), e.dealerId());
            case CommissionPlanPublished e -> new PlanDoc("plan-" + e.planVersion(), e.planVersion(),
                    e.effectiveFrom(), e.currency(), e.rates().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(r -> new RatesDoc(r.getKey(), r.getValue().trafficBps(), r.getValue().staffBonusBps(),
                            r.getValue().dealerOverrideBps(), r.getValue().fulfilmentBps())).toList());
            default -> null;
        };
    }

    /** From memory, else from Mongo (then remembered unless a newer value arrived meanwhile), else empty. */
    private <V> Optional<V> cached(Map<String, V> map, String id, Class<V> type) {
        if (id == null) {
            return Optional.empty();
        }
        V v = map.get(id);
        if (v == null) {
            v = mongo.findById(id, type);
            if (v != null) {
                V raced = map.putIfAbsent(id, v);
                v = raced != null ? raced : v;
            }
        }
        return Optional.ofNullable(v);
    }

    public Optional<LinkOwner> link(String code) {
        return cached(links, code, LinkDoc.class).map(d -> new LinkOwner(d.code(),
                LinkOwner.OwnerType.valueOf(d.ownerType()), d.ownerId(), d.storeId(), d.dealerId()));
    }

    public Optional<StaffDoc> staff(String staffId) {
        return cached(staff, staffId, StaffDoc.class);
    }

    public Optional<String> shopperOf(String staffId) {
        return staff(staffId).map(StaffDoc::shopperCustomerId);
    }

    public Optional<String> dealerOf(String storeId) {
        return store(storeId).map(StoreDoc::dealerId);
    }

    public Optional<StoreDoc> store(String storeId) {
        return cached(stores, storeId, StoreDoc.class);
    }

    public Optional<DealerDoc> dealer(String dealerId) {
        return cached(dealers, dealerId, DealerDoc.class);
    }

    /**
     * The stores of {@code ids} and any others known, for a report: from memory, which this instance's reader keeps;
     * when one of them is not there (the instance still reading its topics, or documents written straight to the
     * database, as the report benchmark's fixture does), every store is read from Mongo and remembered unless a
     * newer value is there already. So a report costs no read of the network once the memory holds every party it
     * names; one naming a store known nowhere reads them again.
     */
    public Map<String, StoreDoc> knownStores(Collection<String> ids) {
        return known(stores, ids, StoreDoc.class, StoreDoc::id);
    }

    /** The dealers of {@code ids} and any others known, for a report: as {@link #knownStores}. */
    public Map<String, DealerDoc> knownDealers(Collection<String> ids) {
        return known(dealers, ids, DealerDoc.class, DealerDoc::id);
    }

    /** The staff members of {@code ids} and any others known, for a report: as {@link #knownStores}. */
    public Map<String, StaffDoc> knownStaff(Collection<String> ids) {
        return known(staff, ids, StaffDoc.class, StaffDoc::id);
    }

    private <V> Map<String, V> known(Map<String, V> memory, Collection<String> ids, Class<V> type,
                                     Function<V, String> id) {
        if (!ids.stream().filter(Objects::nonNull).allMatch(memory::containsKey)) {
            mongo.findAll(type).forEach(v -> memory.putIfAbsent(id.apply(v), v));
        }
        return Collections.unmodifiableMap(memory);
    }

    /** Every plan: read from Mongo once, then kept by the events (a handful of documents). */
    public List<CommissionPlan> plans() {
        if (!plansLoaded) {
            mongo.findAll(PlanDoc.class).forEach(p -> plans.putIfAbsent(p.version(), p));
            plansLoaded = true;
        }
        return plans.values().stream().map(ReferenceViews::toPlan).toList();
    }

    public Optional<CommissionPlan> plan(int version) {
        PlanDoc p = plans.get(version);
        if (p == null) {
            p = mongo.findById("plan-" + version, PlanDoc.class);
            if (p != null) {
                plans.putIfAbsent(version, p);
            }
        }
        return Optional.ofNullable(p).map(ReferenceViews::toPlan);
    }

    private static CommissionPlan toPlan(PlanDoc p) {
        return new CommissionPlan(p.version(), p.effectiveFrom(), p.currency(), p.rates().stream()
                .collect(Collectors.toMap(RatesDoc::category, r -> new CommissionPlan.Rates(r.trafficBps(),
                        r.staffBonusBps(), r.dealerOverrideBps(), r.fulfilmentBps()))));
    }
}
