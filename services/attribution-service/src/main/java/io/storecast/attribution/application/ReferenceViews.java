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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Attribution's own copy of the distribution network, links and plans, built from store-distribution's events: in
 * Mongo (every write a whole-value upsert by id, so a redelivered event changes nothing) and in memory, so that a
 * decision reads them at memory speed, not by a query each. Every instance's memory follows every change: the
 * group's listener writes Mongo and remembers what it wrote, and each instance's own listener (a group of its own,
 * from the moment it starts) remembers what the others wrote; what an instance has not seen since it started is read
 * from Mongo once, on first use. Unknown ids are not remembered, so a link issued a moment later is found.
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

    public ReferenceViews(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Writes a fact of store-distribution's to Mongo and remembers it; other events are ignored. */
    public void on(Object event) {
        Object doc = remember(event);
        if (doc != null) {
            mongo.save(doc);
        }
    }

    /**
     * Keeps a fact in this instance's memory (another instance may be the one writing it to Mongo); answers the
     * document it stands for, or null for an event that is not such a fact.
     */
    public Object remember(Object event) {
        return switch (event) {
            case DealerRegistered e -> put(dealers, new DealerDoc(e.dealerId(), e.code(), e.name()), DealerDoc::id);
            case DealerChanged e -> put(dealers, new DealerDoc(e.dealerId(), e.code(), e.name()), DealerDoc::id);
            case StoreRegistered e -> put(stores, new StoreDoc(e.storeId(), e.code(), e.name(), e.dealerId()),
                    StoreDoc::id);
            case StoreChanged e -> put(stores, new StoreDoc(e.storeId(), e.code(), e.name(), e.dealerId()),
                    StoreDoc::id);
            case StaffRegistered e -> put(staff, new StaffDoc(e.staffId(), e.storeId(), e.name(),
                    e.shopperCustomerId()), StaffDoc::id);
            case StaffChanged e -> put(staff, new StaffDoc(e.staffId(), e.storeId(), e.name(), e.shopperCustomerId()),
                    StaffDoc::id);
            case LinkIssued e -> put(links, new LinkDoc(e.code(), e.ownerType(), e.ownerId(), e.storeId(),
                    e.dealerId()), LinkDoc::code);
            case CommissionPlanPublished e -> put(plans, new PlanDoc("plan-" + e.planVersion(), e.planVersion(),
                    e.effectiveFrom(), e.currency(), e.rates().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(r -> new RatesDoc(r.getKey(), r.getValue().trafficBps(), r.getValue().staffBonusBps(),
                            r.getValue().dealerOverrideBps(), r.getValue().fulfilmentBps())).toList()),
                    PlanDoc::version);
            default -> null;
        };
    }

    private static <K, V> V put(Map<K, V> map, V value, Function<V, K> id) {
        map.put(id.apply(value), value);
        return value;
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
