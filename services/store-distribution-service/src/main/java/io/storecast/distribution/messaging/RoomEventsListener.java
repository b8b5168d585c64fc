package io.storecast.distribution.messaging;

import io.storecast.contracts.Topics;
import io.storecast.contracts.rooms.RoomChanged;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.distribution.application.RoomDirectory;
import io.storecast.distribution.domain.WatchUrl;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the room directory (rooms, their changes and their scheduled sessions) from room-service's events (group: the
 * application name). Other events on the topic, such as {@code SessionStarted}, are ignored.
 */
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
            switch (event.payload()) {
                case RoomCreated room -> {
                    if (!WatchUrl.isSafeRedirectTarget(room.watchUrl())) {
                        throw new PoisonEventException("room " + room.roomId() + " has no http(s) watch URL", null);
                    }
                    rooms.record(room.roomId(), room.name(), room.watchUrl());
                }
                case RoomChanged room -> {
                    if (!WatchUrl.isSafeRedirectTarget(room.watchUrl())) {
                        throw new PoisonEventException("room " + room.roomId() + " has no http(s) watch URL", null);
                    }
                    rooms.change(room.roomId(), room.name(), room.watchUrl(), room.archived());
                }
                case SessionScheduled session -> {
                    if (isBlank(session.sessionId()) || isBlank(session.roomId())) {
                        throw new PoisonEventException("session scheduled without a session or room id", null);
                    }
                    rooms.recordSession(session.sessionId(), session.roomId(), session.title(),
                            session.scheduledStart());
                }
                default -> {
                    // not needed here
                }
            }
        });
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
