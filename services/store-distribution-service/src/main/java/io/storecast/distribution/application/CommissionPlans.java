package io.storecast.distribution.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.distribution.domain.CommissionPlan;
import io.storecast.distribution.domain.CommissionPlan.Rates;
import io.storecast.distribution.persistence.DistributionDocuments.CategoryRates;
import io.storecast.distribution.persistence.DistributionDocuments.PlanDoc;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.storecast.distribution.application.Defaults.SOURCE;

/**
 * Commission plan versions. A new version is inserted with id {@code plan-<version>}: of two concurrent
 * publishers of one version exactly one wins, the other gets a 409 — so versions never fork and
 * effective periods never overlap.
 */
@Service
public class CommissionPlans {

    private final MongoTemplate mongo;
    private final OutboxRelay relay;

    private final Clock clock;

    public CommissionPlans(MongoTemplate mongo, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.clock = clock;
    }

    public CommissionPlan publish(Instant effectiveFrom, String currency, Map<String, Rates> rates) {
        PlanDoc latest = mongo.findOne(new Query().with(Sort.by(Sort.Direction.DESC, "planVersion")).limit(1),
                PlanDoc.class);
        CommissionPlan plan = CommissionPlan.next(latest == null ? null : toPlan(latest), effectiveFrom, currency,
                rates);
        Instant now = clock.instant();
        Map<String, CommissionPlanPublished.Rates> published = new LinkedHashMap<>();
        plan.rates().forEach((category, r) -> published.put(category, new CommissionPlanPublished.Rates(
                r.trafficBps(), r.staffBonusBps(), r.dealerOverrideBps(), r.fulfilmentBps())));
        CommissionPlanPublished event = new CommissionPlanPublished(plan.planVersion(), plan.effectiveFrom(),
                plan.currency(), published, now);
        String version = String.valueOf(plan.planVersion());
        try {
            mongo.insert(new PlanDoc("plan-" + version, plan.planVersion(), plan.effectiveFrom(), plan.currency(),
                    plan.rates().entrySet().stream().map(e -> new CategoryRates(e.getKey(), e.getValue().trafficBps(),
                            e.getValue().staffBonusBps(), e.getValue().dealerOverrideBps(),
                            e.getValue().fulfilmentBps())).toList(),
                    now, List.of(OutboxRecord.of(Events.COMMISSION_PLAN_PUBLISHED, version, "plan-" + version, SOURCE,
                    now, event, null, null))));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("effectiveFrom", "plan version " + version
                    + " was published concurrently; read the latest plan and retry");
        }
        relay.wake(PlanDoc.class, "plan-" + version);
        return plan;
    }

    public List<CommissionPlan> all() {
        return mongo.find(new Query().with(Sort.by("planVersion")), PlanDoc.class).stream()
                .map(CommissionPlans::toPlan).toList();
    }

    private static CommissionPlan toPlan(PlanDoc d) {
        Map<String, Rates> rates = new LinkedHashMap<>();
        for (CategoryRates r : d.rates()) {
            rates.put(r.category(), new Rates(r.trafficBps(), r.staffBonusBps(), r.dealerOverrideBps(),
                    r.fulfilmentBps()));
        }
        return new CommissionPlan(d.planVersion(), d.effectiveFrom(), d.currency(), rates);
    }
}
