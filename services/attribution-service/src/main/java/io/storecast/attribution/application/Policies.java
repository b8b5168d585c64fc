package io.storecast.attribution.application;

import io.storecast.attribution.domain.Policy;
import io.storecast.attribution.persistence.AttributionDocuments.PolicyDoc;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;

/**
 * The brand's versioned attribution policy. Version 1 comes from the settings; every change HQ makes is a new
 * version (id = version, so two changes based on the same version cannot both land: the second is answered 409).
 * Decisions read the latest version from memory, reloaded every second (and at once after a change made here).
 */
@Service
public class Policies {

    private final MongoTemplate mongo;
    private final Clock clock;
    private volatile Policy current;

    public Policies(MongoTemplate mongo, AttributionSettings settings, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        Policy initial = settings.initialPolicy();
        try {
            mongo.insert(doc(initial, "settings", "initial policy from the service settings"));
        } catch (DuplicateKeyException alreadySeeded) {
            // version 1 exists: it stays as it was written
        }
        reload();
    }

    @Scheduled(fixedDelay = 1_000)
    void reload() {
        PolicyDoc latest = mongo.findOne(new Query().with(Sort.by(Sort.Direction.DESC, "_id")).limit(1), PolicyDoc.class);
        current = toPolicy(latest);
    }

    /** The policy decisions use now. */
    public Policy current() {
        return current;
    }

    /**
     * Writes the next version. {@code basedOnVersion} must be the latest version: a change computed from an older
     * one would silently undo a change made in between.
     */
    public PolicyDoc change(int basedOnVersion, Policy.Model model, int lookbackHours, int protectionDays,
                            int validityDays, Policy.SelfPurchase selfPurchase, String changedBy, String reason) {
        reload();
        Policy latest = current;
        if (basedOnVersion != latest.version()) {
            throw new ConflictException("basedOnVersion", "the policy is at version " + latest.version()
                    + ", not " + basedOnVersion + ": read it again and reapply the change");
        }
        Policy next;
        try {
            next = latest.next(model, lookbackHours, protectionDays, validityDays, selfPurchase);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("policy", e.getMessage());
        }
        PolicyDoc d = doc(next, changedBy, reason);
        try {
            mongo.insert(d);
        } catch (DuplicateKeyException raced) {
            throw new ConflictException("basedOnVersion", "version " + next.version()
                    + " was written by another change at the same moment: read the policy again");
        }
        reload();
        return d;
    }

    public PolicyDoc version(int version) {
        PolicyDoc d = mongo.findById(version, PolicyDoc.class);
        if (d == null) {
            throw new NotFoundException("policy version", String.valueOf(version));
        }
        return d;
    }

    public PolicyDoc latest() {
        return version(current.version());
    }

    /** Every version, newest first. */
    public List<PolicyDoc> history() {
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "_id")), PolicyDoc.class);
    }

    private PolicyDoc doc(Policy p, String changedBy, String reason) {
        return new PolicyDoc(p.version(), p.model().name(), p.lookbackHours(), p.protectionDays(), p.validityDays(),
                p.selfPurchase().name(), changedBy, reason, clock.instant());
    }

    static Policy toPolicy(PolicyDoc d) {
        return new Policy(d.version(), Policy.Model.valueOf(d.model()), d.lookbackHours(), d.protectionDays(),
                d.validityDays(), Policy.SelfPurchase.valueOf(d.selfPurchase()));
    }
}
