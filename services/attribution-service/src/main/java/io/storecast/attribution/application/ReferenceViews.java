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
import java.util.stream.Collectors;

/**
 * Attribution's own copy of the distribution network, links and plans, built from store-distribution's
 * events. Every write is a whole-value upsert by id, so a redelivered event changes nothing.
 */
@Service
public class ReferenceViews {

    private final MongoTemplate mongo;

    public ReferenceViews(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void on(DealerRegistered e) {
        mongo.save(new DealerDoc(e.dealerId(), e.code(), e.name()));
    }

    public void on(StoreRegistered e) {
        mongo.save(new StoreDoc(e.storeId(), e.code(), e.name(), e.dealerId()));
    }

    public void on(StaffRegistered e) {
        mongo.save(new StaffDoc(e.staffId(), e.storeId(), e.name(), e.shopperCustomerId()));
    }

    public void on(DealerChanged e) {
        mongo.save(new DealerDoc(e.dealerId(), e.code(), e.name()));
    }

    public void on(StoreChanged e) {
        mongo.save(new StoreDoc(e.storeId(), e.code(), e.name(), e.dealerId()));
    }

    public void on(StaffChanged e) {
        mongo.save(new StaffDoc(e.staffId(), e.storeId(), e.name(), e.shopperCustomerId()));
    }

    public void on(LinkIssued e) {
        mongo.save(new LinkDoc(e.code(), e.ownerType(), e.ownerId(), e.storeId(), e.dealerId()));
    }

    public void on(CommissionPlanPublished e) {
        List<RatesDoc> rates = e.rates().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(r -> new RatesDoc(r.getKey(), r.getValue().trafficBps(), r.getValue().staffBonusBps(),
                        r.getValue().dealerOverrideBps(), r.getValue().fulfilmentBps())).toList();
        mongo.save(new PlanDoc("plan-" + e.planVersion(), e.planVersion(), e.effectiveFrom(), e.currency(), rates));
    }

    public Optional<LinkOwner> link(String code) {
        LinkDoc d = mongo.findById(code, LinkDoc.class);
        return d == null ? Optional.empty() : Optional.of(new LinkOwner(d.code(),
                LinkOwner.OwnerType.valueOf(d.ownerType()), d.ownerId(), d.storeId(), d.dealerId()));
    }

    public Optional<StaffDoc> staff(String staffId) {
        return staffId == null ? Optional.empty() : Optional.ofNullable(mongo.findById(staffId, StaffDoc.class));
    }

    public Optional<String> shopperOf(String staffId) {
        return Optional.ofNullable(mongo.findById(staffId, StaffDoc.class)).map(StaffDoc::shopperCustomerId);
    }

    public Optional<String> dealerOf(String storeId) {
        return Optional.ofNullable(mongo.findById(storeId, StoreDoc.class)).map(StoreDoc::dealerId);
    }

    public Optional<StoreDoc> store(String storeId) {
        return Optional.ofNullable(mongo.findById(storeId, StoreDoc.class));
    }

    public Optional<DealerDoc> dealer(String dealerId) {
        return dealerId == null ? Optional.empty() : Optional.ofNullable(mongo.findById(dealerId, DealerDoc.class));
    }

    public List<CommissionPlan> plans() {
        return mongo.findAll(PlanDoc.class).stream().map(ReferenceViews::toPlan).toList();
    }

    public Optional<CommissionPlan> plan(int version) {
        return Optional.ofNullable(mongo.findById("plan-" + version, PlanDoc.class)).map(ReferenceViews::toPlan);
    }

    private static CommissionPlan toPlan(PlanDoc p) {
        return new CommissionPlan(p.version(), p.effectiveFrom(), p.currency(), p.rates().stream()
                .collect(Collectors.toMap(RatesDoc::category, r -> new CommissionPlan.Rates(r.trafficBps(),
                        r.staffBonusBps(), r.dealerOverrideBps(), r.fulfilmentBps()))));
    }
}
