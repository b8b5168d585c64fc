package io.storecast.distribution.persistence;

import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * Mongo documents of store-distribution-service. Each document that announces a change carries the
 * events of that change in {@code outbox}; {@code rooms} is a view fed by room-service's events.
 */
public final class DistributionDocuments {

    private DistributionDocuments() {
    }

    /**
     * {@code deactivatedAt} null means active (documents written before deactivation existed stay active);
     * {@code version} counts the changes, each update is a compare-and-set on it (null on old documents).
     */
    @Document("dealers")
    public record DealerDoc(@Id String id, String code, String name, Instant registeredAt, Instant updatedAt,
                            Instant deactivatedAt, Long version, List<OutboxRecord> outbox) {
    }

    @Document("stores")
    public record StoreDoc(@Id String id, String code, String name, String city, Double latitude, Double longitude,
                           String dealerId, Instant registeredAt, Instant updatedAt, Instant deactivatedAt,
                           Long version, List<OutboxRecord> outbox) {
    }

    @Document("staff")
    public record StaffDoc(@Id String id, String storeId, String name, String shopperCustomerId,
                           Instant registeredAt, Instant updatedAt, Instant deactivatedAt, Long version,
                           List<OutboxRecord> outbox) {
    }

    /** One commission plan version; id {@code plan-<version>}, so two writers of one version cannot both win. */
    @Document("commission_plans")
    public record PlanDoc(@Id String id, int planVersion, Instant effectiveFrom, String currency,
                          List<CategoryRates> rates, Instant publishedAt, List<OutboxRecord> outbox) {
    }

    /** Rates of one category; a list rather than a map, so category names never become Mongo field names. */
    public record CategoryRates(String category, int trafficBps, int staffBonusBps, int dealerOverrideBps,
                                int fulfilmentBps) {
    }

    /** What we know of a room from room-service's {@code RoomCreated}; id is the room id. */
    @Document("rooms")
    public record RoomViewDoc(@Id String id, String watchUrl, String name, boolean archived) {
    }
}
