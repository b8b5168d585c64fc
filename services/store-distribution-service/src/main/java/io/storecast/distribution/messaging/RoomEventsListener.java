package io.storecast.distribution.messaging;

import io.storecast.contracts.Topics;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.distribution.application.RoomDirectory;
import io.storecast.distribution.domain.WatchUrl;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the room directory from room-service's events (group: the application name). Other events are ignored. */
@Component
public class RoomEventsListener {

    private final EventReader reader;
    private final RoomDirectory rooms;

    public RoomEventsListener(EventReader reader, RoomDirectory rooms) {
        this.reader = reader;
        this.rooms = rooms;
    }

    @KafkaListener(topics = Topics.ROOMS)
    public void on(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(event -> {
            if (event.payload() instanceof RoomCreated room) {
                if (!WatchUrl.isSafeRedirectTarget(room.watchUrl())) {
                    throw new PoisonEventException("room " + room.roomId() + " has no http(s) watch URL", null);
                }
                rooms.record(room.roomId(), room.name(), room.watchUrl());
            }
        });
    }
}
