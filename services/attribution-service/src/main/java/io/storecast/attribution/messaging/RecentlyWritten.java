package io.storecast.attribution.messaging;

import io.storecast.contracts.EventJson;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values a stream task wrote to its store last, as the objects they were written from, each until it is next
 * read: so a value read again soon after it was written (an order's book when its fulfilment assignment comes) is not
 * parsed from its JSON again. A kept object stands in for the JSON only while the store hands back the very array it
 * was written as (a store's cache keeps that array until it evicts the entry), so it can never be older than the
 * store; otherwise the JSON is read. At most {@code most} are kept, the oldest dropped first, and each is dropped when
 * it is read: kept for long, they would be copied by each young collection (docs/performance.md, "The decision
 * stream's per-order work" and "An order's book read and written once less"). One per task, used by its thread only.
 */
final class RecentlyWritten {

    private record Written(byte[] json, Object value) {
    }

    private final Map<String, Written> kept;

    RecentlyWritten(int most) {
        this.kept = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
                return size() > most;
            }
        };
    }

    /** {@code value}, just written under {@code key} as {@code json}. */
    void keep(String key, byte[] json, Object value) {
        kept.put(key, new Written(json, value));
    }

    /** The value the store holds under {@code key} as {@code json}: the kept object if it was written as that array. */
    <T> T take(String key, byte[] json, Class<T> type) {
        Written w = kept.remove(key);
        if (w != null && w.json() == json) {
            return type.cast(w.value());
        }
        return EventJson.read(json, type);
    }

    int size() {
        return kept.size();
    }
}
