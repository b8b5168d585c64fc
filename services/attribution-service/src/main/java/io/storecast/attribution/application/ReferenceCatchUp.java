package io.storecast.attribution.application;

import io.storecast.contracts.Topics;
import io.storecast.platform.messaging.NotYetKnownException;
import io.storecast.platform.messaging.TopicEnds;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether this instance's memory of store-distribution's facts ({@link ReferenceViews}) holds every fact published
 * before a payment occurred — so that a link issued, a store moved to a dealer or a plan published before a payment is
 * what its decision reads, whichever topic was consumed first; after that a link, staff member or plan still unknown is
 * genuinely unknown. Where the topics end is asked once for every payment that occurred after the last time it was
 * asked (a consumer behind its topic, as under a broadcast's load, asks seldom), shared by every caller; the clocks of
 * order-service and this service are taken to agree.
 */
@Component
public class ReferenceCatchUp {

    /** Where the links, network and plans a decision needs come from. */
    private static final List<String> REFERENCE_TOPICS = List.of(Topics.NETWORK, Topics.LINKS, Topics.COMMISSION_PLANS);

    private final ReferenceViews reference;
    private final TopicEnds topicEnds;
    private final Clock clock;

    /** Where the reference topics ended when last asked, and when that was (epoch milliseconds, before asking). */
    private record ReferenceEnds(long askedAt, Map<TopicPartition, Long> ends) {
    }

    private volatile ReferenceEnds referenceEnds = new ReferenceEnds(Long.MIN_VALUE, Map.of());
    private final Object askingEnds = new Object();

    public ReferenceCatchUp(ReferenceViews reference, TopicEnds topicEnds, Clock clock) {
        this.reference = reference;
        this.topicEnds = topicEnds;
        this.clock = clock;
    }

    /**
     * Waits, for at most {@code wait}, until the memory holds every fact published by {@code occurredBy} (epoch
     * milliseconds); answers null, or why order {@code orderId} still waits.
     */
    public NotYetKnownException await(String orderId, long occurredBy, Duration wait) {
        Map<TopicPartition, Long> ends;
        Set<TopicPartition> behind;
        try {
            ends = endsAfter(occurredBy);
            behind = reference.behind(ends);
            if (!behind.isEmpty()) {
                // a partition whose records retention deleted has nothing left below its start to wait for
                topicEnds.starts(behind).forEach(reference::readableFrom);
            }
        } catch (RuntimeException brokerSilent) {
            return new NotYetKnownException("order " + orderId + " waits: " + brokerSilent.getMessage());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!(behind = reference.behind(ends)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return new NotYetKnownException("order " + orderId + " waits for store-distribution's facts on "
                        + behind);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new NotYetKnownException("interrupted while order " + orderId
                        + " waited for store-distribution's facts");
            }
        }
        return null;
    }

    /** The reference topics' ends as asked at or after {@code since}: the last answer, or a new one (one at a time). */
    private Map<TopicPartition, Long> endsAfter(long since) {
        ReferenceEnds last = referenceEnds;
        if (last.askedAt() >= since) {
            return last.ends();
        }
        synchronized (askingEnds) {
            last = referenceEnds;
            if (last.askedAt() >= since) {
                return last.ends();                  // asked by another consumer while this one waited
            }
            long askedAt = clock.millis();
            ReferenceEnds now = new ReferenceEnds(askedAt, topicEnds.ends(REFERENCE_TOPICS));
            referenceEnds = now;
            return now.ends();
        }
    }
}
