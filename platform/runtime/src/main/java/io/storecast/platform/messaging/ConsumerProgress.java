package io.storecast.platform.messaging;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells whether this service's consumer group has processed every record of some topics that exists
 * right now. A view built from those topics that lacks a key, once caught up, genuinely lacks it;
 * before that, the key may simply not have arrived yet.
 */
public class ConsumerProgress implements AutoCloseable {

    private final Admin admin;
    private final String group;

    public ConsumerProgress(Map<String, Object> adminConfig, String group) {
        this.admin = Admin.create(adminConfig);
        this.group = group;
    }

    public boolean caughtUp(Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            for (var end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                if (end.getValue().offset() > 0 && (done == null || done.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
