package io.storecast.platform.messaging;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where some topics end right now. A reader that has applied every record below these offsets has seen every record
 * published before they were asked for — so a view built from those topics that lacks a key, or holds an older value,
 * after that genuinely lacks it or holds the latest; before that, the change may still be on its way.
 */
public class TopicEnds implements AutoCloseable {

    private final Admin admin;
    private final Map<String, List<TopicPartition>> partitions = new ConcurrentHashMap<>();

    public TopicEnds(Map<String, Object> adminConfig) {
        this.admin = Admin.create(adminConfig);
    }

    /**
     * The next offset of every partition of the topics (one round trip; their partitions are looked up once).
     *
     * @throws IllegalStateException when the broker does not answer within 10 seconds
     */
    public Map<TopicPartition, Long> ends(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            partitionsOf(topic).forEach(p -> latest.put(p, OffsetSpec.latest()));
        }
        return offsets(latest);
    }

    /** The first offset still in the log of each partition (after retention has deleted older records). */
    public Map<TopicPartition, Long> starts(Set<TopicPartition> of) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        of.forEach(p -> earliest.put(p, OffsetSpec.earliest()));
        return offsets(earliest);
    }

    private List<TopicPartition> partitionsOf(String topic) {
        return partitions.computeIfAbsent(topic, t -> await(admin.describeTopics(List.of(t)).allTopicNames().toCompletionStage()
                .toCompletableFuture()).get(t).partitions().stream().map(p -> new TopicPartition(t, p.partition()))
                .toList());
    }

    private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, ListOffsetsResultInfo> info = await(admin.listOffsets(specs).all().toCompletionStage()
                .toCompletableFuture());
        Map<TopicPartition, Long> out = new HashMap<>();
        info.forEach((p, i) -> out.put(p, i.offset()));
        return out;
    }

    private static <T> T await(java.util.concurrent.Future<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not tell where the topics end: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking where the topics end", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
