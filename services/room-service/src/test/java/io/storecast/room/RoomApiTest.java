package io.storecast.room;

import io.storecast.contracts.Events;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerLeft;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import io.storecast.platform.testing.TestClock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=room-service")
class RoomApiTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "room-test");
    }

    @LocalServerPort
    int port;

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-11T12:00:00Z"));

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @Test
    void watch_time_adds_up_across_a_rejoin_while_present_and_a_leave_and_return() {
        Http http = Http.at(port);
        String roomId = http.post("/rooms", Map.of("ownerType", "HQ", "name", "HQ live",
                "watchUrl", "https://live.example.com/hq")).json().get("id").asString();
        String sessionId = http.post("/rooms/" + roomId + "/sessions",
                Map.of("title", "Watch", "scheduledStart", "2026-11-11T12:00:00Z")).json().get("id").asString();
        http.post("/sessions/" + sessionId + "/start", "");
        String customer = "c-" + UUID.randomUUID();
        String path = "/sessions/" + sessionId;

        http.post(path + "/join", Map.of("customerId", customer, "ref", "StoreAAAAAA1"));
        CLOCK.advance(Duration.ofSeconds(90));
        // a second link while still watching: the first 90 s are kept, the ref changes
        Http.Response again = http.post(path + "/join", Map.of("customerId", customer, "ref", "StoreBBBBBB2"));
        assertThat(again.json().get("watchedSeconds").asLong()).isEqualTo(90);
        assertThat(again.json().get("ref").asString()).isEqualTo("StoreBBBBBB2");
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(http.post(path + "/leave", Map.of("customerId", customer)).json().get("watchedSeconds").asLong())
                .isEqualTo(120);
        CLOCK.advance(Duration.ofSeconds(600));     // away: not watching
        http.post(path + "/join", Map.of("customerId", customer));
        CLOCK.advance(Duration.ofSeconds(10));
        Http.Response back = http.post(path + "/leave", Map.of("customerId", customer));
        assertThat(back.json().get("watchedSeconds").asLong()).isEqualTo(130);
        assertThat(back.json().get("present").asBoolean()).isFalse();
    }

    @Test
    void a_viewer_joins_through_a_link_and_the_join_is_published_keyed_by_customer() {
        Http http = Http.at(port);
        Http.Response room = http.post("/rooms", Map.of("ownerType", "HQ", "name", "HQ live",
                "watchUrl", "https://live.example.com/hq"));
        assertThat(room.status()).isEqualTo(201);
        String roomId = room.json().get("id").asString();
        String sessionId = http.post("/rooms/" + roomId + "/sessions",
                Map.of("title", "Autumn drop", "scheduledStart", "2026-11-11T12:00:00Z")).json().get("id").asString();

        String customer = "c-" + UUID.randomUUID();
        Http.Response early = http.post("/sessions/" + sessionId + "/join", Map.of("customerId", customer));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("errors").get(0).get("field").asString()).isEqualTo("status");

        assertThat(http.post("/sessions/" + sessionId + "/start", "").json().get("status").asString()).isEqualTo("LIVE");
        assertThat(http.post("/sessions/" + sessionId + "/start", "").status()).isEqualTo(409);

        Http.Response joined = http.post("/sessions/" + sessionId + "/join", Map.of("customerId", customer,
                "ref", "Ab3dE5gH9k"));
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.json().get("present").asBoolean()).isTrue();
        Http.Response left = http.post("/sessions/" + sessionId + "/leave", Map.of("customerId", customer));
        assertThat(left.json().get("present").asBoolean()).isFalse();
        assertThat(http.post("/sessions/" + sessionId + "/leave", Map.of("customerId", customer)).status())
                .isEqualTo(409);

        var created = TopicProbe.await(Events.ROOM_CREATED, (RoomCreated e) -> e.roomId().equals(roomId), 1,
                Duration.ofSeconds(20));
        assertThat(created).singleElement().satisfies(e -> {
            assertThat(e.payload().watchUrl()).isEqualTo("https://live.example.com/hq");
            assertThat(e.key()).isEqualTo(roomId);
        });
        var joins = TopicProbe.await(Events.VIEWER_JOINED, (ViewerJoined e) -> e.customerId().equals(customer), 1,
                Duration.ofSeconds(20));
        assertThat(joins).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(customer);
            assertThat(e.payload().ref()).isEqualTo("Ab3dE5gH9k");
            assertThat(e.payload().sessionId()).isEqualTo(sessionId);
            assertThat(e.envelope().source()).isEqualTo("room-service");
        });
        var leaves = TopicProbe.await(Events.VIEWER_LEFT, (ViewerLeft e) -> e.customerId().equals(customer), 1,
                Duration.ofSeconds(20));
        assertThat(leaves).hasSize(1);
    }

    @Test
    void bad_input_gets_a_problem_body_naming_the_field() {
        Http http = Http.at(port);
        Http.Response missing = http.post("/rooms", Map.of("ownerType", "HQ", "watchUrl", "https://x.example.com"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("name");

        Http.Response badUrl = http.post("/rooms", Map.of("ownerType", "HQ", "name", "x", "watchUrl", "javascript:alert(1)"));
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.json().get("errors").get(0).get("field").asString()).isEqualTo("watchUrl");

        Http.Response badEnum = http.post("/rooms", "{\"ownerType\":\"PIRATE\",\"name\":\"x\",\"watchUrl\":\"https://x.example.com\"}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.json().get("errors").get(0).get("field").asString()).isEqualTo("ownerType");

        Http.Response notJson = http.post("/rooms", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).doesNotContain("Exception");

        assertThat(http.get("/rooms/nope").status()).isEqualTo(404);

        String roomId = http.post("/rooms", Map.of("ownerType", "HQ", "name", "x", "watchUrl", "https://x.example.com"))
                .json().get("id").asString();
        for (String when : new String[]{"+300000000-01-01T00:00:00Z", "tomorrow", "2026-11-11T12:00:00"}) {
            Http.Response badTime = http.post("/rooms/" + roomId + "/sessions", Map.of("title", "t", "scheduledStart", when));
            assertThat(badTime.status()).as(when).isEqualTo(400);
            assertThat(badTime.json().get("errors").get(0).get("field").asString()).isEqualTo("scheduledStart");
        }
        Http.Response withOffset = http.post("/rooms/" + roomId + "/sessions", Map.of("title", "t",
                "scheduledStart", "2026-11-11T20:00:00+08:00"));
        assertThat(withOffset.json().get("scheduledStart").asString()).isEqualTo("2026-11-11T12:00:00Z");
    }

    @Test
    void health_is_up_on_the_local_store_and_metrics_are_tagged_with_the_application() {
        Http http = Http.at(port);
        JsonNode health = http.get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("mongo").get("status").asString()).isEqualTo("UP");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("application=\"room-service\"");
    }
}
