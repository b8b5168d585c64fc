package io.storecast.room;

import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.presence.ViewerDeparted;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.contracts.rooms.LotteryCreated;
import io.storecast.contracts.rooms.LotteryDrawn;
import io.storecast.contracts.rooms.ProductPinned;
import io.storecast.contracts.rooms.ProductUnpinned;
import io.storecast.contracts.rooms.RoomChanged;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.contracts.rooms.SessionEnded;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TestClock;
import io.storecast.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 4's room-service points through the HTTP API over the real broker and store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=room-service")
class RoomApiTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "room-test");
    }

    @LocalServerPort
    int port;

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-11T12:00:00Z"));
    static final Duration EVENTS = Duration.ofSeconds(30);

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    private Http http() {
        return Http.at(port);
    }

    private static String field(Http.Response r) {
        return r.json().get("errors").get(0).get("field").asString();
    }

    private String room() {
        return http().post("/rooms", Map.of("ownerType", "HQ", "name", "HQ live", "watchUrl",
                "https://live.example.com/hq")).json().get("id").asString();
    }

    private String session(String roomId, Object lineup) {
        Http.Response r = http().post("/rooms/" + roomId + "/sessions", Map.of("title", "Autumn drop",
                "scheduledStart", "2026-11-11T12:00:00Z", "lineup", lineup));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String liveSession() {
        String id = session(room(), List.of(Map.of("kind", "PRODUCT", "sku", "SKU-A", "plannedSeconds", 120)));
        assertThat(http().post("/sessions/" + id + "/start", "").status()).isEqualTo(200);
        return id;
    }

    private static String customer() {
        return "c-" + UUID.randomUUID();
    }

    @Test
    void rooms_are_created_listed_updated_and_archived_with_an_event_for_each_change() {
        String ownerId = "dealer-" + UUID.randomUUID();
        Http.Response created = http().post("/rooms", Map.of("ownerType", "DEALER", "ownerId", ownerId,
                "name", "East dealer live", "watchUrl", "https://live.example.com/east"));
        assertThat(created.status()).isEqualTo(201);
        String roomId = created.json().get("id").asString();
        assertThat(http().get("/rooms/" + roomId).json().get("name").asString()).isEqualTo("East dealer live");

        Http.Response renamed = http().patch("/rooms/" + roomId, Map.of("watchUrl", "https://live.example.com/east2"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asString()).isEqualTo("East dealer live");
        assertThat(renamed.json().get("watchUrl").asString()).isEqualTo("https://live.example.com/east2");
        JsonNode mine = http().get("/rooms?ownerType=DEALER&ownerId=" + ownerId).json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("id").asString()).isEqualTo(roomId);

        Http.Response archived = http().post("/rooms/" + roomId + "/archive", "");
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().get("archivedAt").asString()).isEqualTo(CLOCK.instant().toString());
        assertThat(http().get("/rooms?ownerType=DEALER&ownerId=" + ownerId).json()).isEmpty();
        assertThat(http().get("/rooms?ownerType=DEALER&includeArchived=true&ownerId=" + ownerId).json()).hasSize(1);
        Http.Response again = http().post("/rooms/" + roomId + "/archive", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(http().patch("/rooms/" + roomId, Map.of("name", "x")).status()).isEqualTo(409);
        Http.Response noSession = http().post("/rooms/" + roomId + "/sessions", Map.of("title", "t",
                "scheduledStart", "2026-11-11T12:00:00Z"));
        assertThat(noSession.status()).isEqualTo(409);

        assertThat(TopicProbe.await(Events.ROOM_CREATED, (RoomCreated e) -> e.roomId().equals(roomId), 1, EVENTS))
                .singleElement().satisfies(e -> assertThat(e.key()).isEqualTo(roomId));
        var changes = TopicProbe.await(Events.ROOM_CHANGED, (RoomChanged e) -> e.roomId().equals(roomId), 2, EVENTS);
        assertThat(changes).extracting(e -> e.payload().watchUrl() + " archived=" + e.payload().archived())
                .containsExactly("https://live.example.com/east2 archived=false",
                        "https://live.example.com/east2 archived=true");
    }

    @Test
    void a_session_moves_scheduled_live_ended_and_answers_409_to_any_other_transition() {
        String sessionId = session(room(), List.of());
        String path = "/sessions/" + sessionId;
        Http.Response early = http().post(path + "/end", "");
        assertThat(early.status()).isEqualTo(409);
        assertThat(field(early)).isEqualTo("status");
        assertThat(early.json().get("detail").asString())
                .isEqualTo("session " + sessionId + " is SCHEDULED; only a LIVE session can end");
        assertThat(http().post(path + "/join", Map.of("customerId", customer())).status()).isEqualTo(409);
        assertThat(http().post(path + "/start", "").json().get("status").asString()).isEqualTo("LIVE");
        assertThat(http().post(path + "/start", "").status()).isEqualTo(409);
        assertThat(http().post(path + "/end", "").json().get("status").asString()).isEqualTo("ENDED");
        assertThat(http().post(path + "/end", "").status()).isEqualTo(409);
        assertThat(http().post(path + "/start", "").status()).isEqualTo(409);
        assertThat(http().post(path + "/join", Map.of("customerId", customer())).status()).isEqualTo(409);
        assertThat(http().put(path + "/lineup", Map.of("lineup", List.of())).status()).isEqualTo(409);
        assertThat(TopicProbe.await(Events.SESSION_ENDED, (SessionEnded e) -> e.sessionId().equals(sessionId), 1,
                EVENTS)).hasSize(1);
    }

    @Test
    void a_saved_lineup_answers_its_3_3_2_warnings_and_is_reordered_by_slot_id() {
        List<Map<String, Object>> lineup = List.of(
                Map.of("id", "p1", "kind", "PRODUCT", "sku", "SKU-1", "plannedSeconds", 200),
                Map.of("id", "p2", "kind", "PRODUCT", "sku", "SKU-2", "plannedSeconds", 90),
                Map.of("id", "p3", "kind", "PRODUCT", "sku", "SKU-3", "plannedSeconds", 90),
                Map.of("id", "p4", "kind", "PRODUCT", "sku", "SKU-4", "plannedSeconds", 90),
                Map.of("id", "lot", "kind", "LOTTERY", "plannedSeconds", 60));
        String roomId = room();
        Http.Response scheduled = http().post("/rooms/" + roomId + "/sessions", Map.of("title", "Rhythm",
                "scheduledStart", "2026-11-11T12:00:00Z", "lineup", lineup));
        JsonNode warnings = scheduled.json().get("warnings");
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0).get("rule").asString()).isEqualTo("PRODUCT_SLOT_OVER_3_MINUTES");
        assertThat(warnings.get(0).get("positions").toString()).isEqualTo("[1]");
        assertThat(warnings.get(1).get("rule").asString()).isEqualTo("BREAK_UNDER_2_MINUTES");
        assertThat(warnings.get(1).get("positions").toString()).isEqualTo("[5]");
        assertThat(warnings.get(2).get("rule").asString()).isEqualTo("OVER_3_PRODUCTS_WITHOUT_BREAK");
        assertThat(warnings.get(2).get("positions").toString()).isEqualTo("[1,2,3,4]");
        String path = "/sessions/" + scheduled.json().get("id").asString();

        // the lottery moved up: the warnings follow the new positions (still too short to break the run)
        Http.Response reordered = http().post(path + "/lineup/order", Map.of("order", List.of("p1", "p2", "lot", "p3", "p4")));
        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.json().get("lineup").get(2).get("id").asString()).isEqualTo("lot");
        assertThat(reordered.json().get("warnings").get(1).get("positions").toString()).isEqualTo("[3]");
        assertThat(reordered.json().get("warnings").get(2).get("positions").toString()).isEqualTo("[1,2,4,5]");
        Http.Response fixed = http().put(path + "/lineup", Map.of("lineup", List.of(
                Map.of("kind", "PRODUCT", "sku", "SKU-1", "plannedSeconds", 180),
                Map.of("kind", "GAME", "plannedSeconds", 120))));
        assertThat(fixed.json().get("warnings")).isEmpty();
        assertThat(fixed.json().get("lineup").get(0).get("id").asString()).isEqualTo("slot-1");
        assertThat(http().get(path).json().get("lineup")).hasSize(2);

        Http.Response badOrder = http().post(path + "/lineup/order", Map.of("order", List.of("slot-1")));
        assertThat(badOrder.status()).isEqualTo(422);
        assertThat(field(badOrder)).isEqualTo("order");
        Http.Response badSlot = http().put(path + "/lineup", Map.of("lineup", List.of(
                Map.of("kind", "PRODUCT", "plannedSeconds", 60))));
        assertThat(badSlot.status()).isEqualTo(422);
        assertThat(field(badSlot)).isEqualTo("lineup[slot-1].sku");
        Http.Response badKind = http().put(path + "/lineup", "{\"lineup\":[{\"kind\":\"DANCE\",\"plannedSeconds\":5}]}");
        assertThat(badKind.status()).as(badKind.body()).isEqualTo(400);
        assertThat(badKind.body()).contains("lineup[0].kind");
        assertThat(field(badKind)).isEqualTo("lineup[0].kind");
    }

    @Test
    void pins_are_published_with_their_times_so_sales_can_be_cut_by_segment() {
        String sessionId = session(room(), List.of(Map.of("kind", "PRODUCT", "sku", "SKU-A", "plannedSeconds", 120),
                Map.of("kind", "PRODUCT", "sku", "SKU-B", "plannedSeconds", 120)));
        String path = "/sessions/" + sessionId;
        assertThat(http().post(path + "/pin", Map.of("sku", "SKU-A")).status()).isEqualTo(409);
        http().post(path + "/start", "");
        Instant a = CLOCK.instant();
        assertThat(http().post(path + "/pin", Map.of("sku", "SKU-A")).json().get("pinned").get("sku").asString())
                .isEqualTo("SKU-A");
        CLOCK.advance(Duration.ofSeconds(150));
        Instant b = CLOCK.instant();
        http().post(path + "/pin", Map.of("sku", "SKU-B"));
        Http.Response unknown = http().post(path + "/pin", Map.of("sku", "SKU-Z"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(field(unknown)).isEqualTo("sku");
        CLOCK.advance(Duration.ofSeconds(100));
        Instant end = CLOCK.instant();
        JsonNode ended = http().post(path + "/end", "").json();
        assertThat(ended.get("pinned").isNull()).isTrue();
        assertThat(ended.get("segments").toString()).isEqualTo(("[{\"sku\":\"SKU-A\",\"from\":\"%s\",\"to\":\"%s\"},"
                + "{\"sku\":\"SKU-B\",\"from\":\"%s\",\"to\":\"%s\"}]").formatted(a, b, b, end));

        var pins = TopicProbe.await(Events.PRODUCT_PINNED, (ProductPinned e) -> e.sessionId().equals(sessionId), 2, EVENTS);
        assertThat(pins).extracting(e -> e.payload().sku() + "@" + e.payload().pinnedAt())
                .containsExactly("SKU-A@" + a, "SKU-B@" + b);
        var unpins = TopicProbe.await(Events.PRODUCT_UNPINNED, (ProductUnpinned e) -> e.sessionId().equals(sessionId),
                2, EVENTS);
        assertThat(unpins).extracting(e -> e.payload().sku() + "@" + e.payload().pinnedAt() + "-" + e.payload().unpinnedAt())
                .containsExactly("SKU-A@" + a + "-" + b, "SKU-B@" + b + "-" + end);
    }

    @Test
    void one_reservation_per_customer_and_a_store_sees_who_its_links_brought() {
        String storeId = "store-" + UUID.randomUUID();
        String storeCode = "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
        String staffCode = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
        String otherCode = "O" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
        TopicProbe.publishTwice(Events.LINK_ISSUED, storeCode, storeCode, new LinkIssued(storeCode, "STORE", storeId,
                storeId, "d1", "r1", null, "poster", Instant.now(), null));
        TopicProbe.publish(Events.LINK_ISSUED, staffCode, staffCode, new LinkIssued(staffCode, "STAFF", "staff-9",
                storeId, "d1", "r1", null, "wechat-group", Instant.now(), null));
        TopicProbe.publish(Events.LINK_ISSUED, otherCode, otherCode, new LinkIssued(otherCode, "STORE", "store-other",
                "store-other", "d1", "r1", null, "poster", Instant.now(), null));
        String sessionId = session(room(), List.of());
        String path = "/sessions/" + sessionId + "/reservations";
        String c1 = customer(), c2 = customer(), c3 = customer(), c4 = customer();

        Http.Response first = http().post(path, Map.of("customerId", c1, "ref", storeCode));
        assertThat(first.status()).isEqualTo(201);
        Http.Response twice = http().post(path, Map.of("customerId", c1, "ref", otherCode));
        assertThat(twice.status()).isEqualTo(200);
        assertThat(twice.json().get("ref").asString()).isEqualTo(storeCode);      // the first reservation stands
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(http().post(path, Map.of("customerId", c2, "ref", staffCode)).status()).isEqualTo(201);
        assertThat(http().post(path, Map.of("customerId", c3, "ref", otherCode)).status()).isEqualTo(201);
        assertThat(http().post(path, Map.of("customerId", c4)).status()).isEqualTo(201);

        JsonNode reservers = await().atMost(EVENTS).until(() -> http().get(path + "?storeId=" + storeId).json(),
                j -> j.size() == 2);
        assertThat(reservers.get(0).get("customerId").asString()).isEqualTo(c1);
        assertThat(reservers.get(0).get("ref").asString()).isEqualTo(storeCode);
        assertThat(reservers.get(0).get("staffId").isNull()).isTrue();
        assertThat(reservers.get(1).get("customerId").asString()).isEqualTo(c2);
        assertThat(reservers.get(1).get("staffId").asString()).isEqualTo("staff-9");
        assertThat(http().get("/sessions/" + sessionId + "/stats").json().get("reservations").asLong()).isEqualTo(4);
        Http.Response noStore = http().get(path);
        assertThat(noStore.status()).isEqualTo(400);
        assertThat(field(noStore)).isEqualTo("storeId");

        var events = TopicProbe.await(Events.VIEWER_RESERVED, (ViewerReserved e) -> e.customerId().equals(c1), 1, EVENTS);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(c1);
            assertThat(e.payload().ref()).isEqualTo(storeCode);
        });
        http().post("/sessions/" + sessionId + "/start", "");
        Http.Response late = http().post(path, Map.of("customerId", customer()));
        assertThat(late.status()).isEqualTo(409);
        assertThat(field(late)).isEqualTo("status");
    }

    @Test
    void viewers_join_twice_leave_and_return_and_the_counts_and_watch_time_are_exact() {
        String sessionId = liveSession();
        String path = "/sessions/" + sessionId;
        String a = customer(), b = customer(), c = customer();
        Http.Response joined = http().post(path + "/join", Map.of("customerId", a, "ref", "StoreAAAAAA1"));
        assertThat(joined.status()).isEqualTo(202);
        assertThat(joined.json().get("ref").asString()).isEqualTo("StoreAAAAAA1");
        http().post(path + "/join", Map.of("customerId", b, "ref", "StoreAAAAAA1"));
        http().post(path + "/join", Map.of("customerId", c));
        // viewers on different partitions are counted in the order their events reach the session's counter:
        // the three must be counted before a leave can, for the peak to be 3 (docs/services/room.md)
        await().atMost(EVENTS).until(() -> http().get(path + "/stats").json().get("concurrentViewers").asLong() == 3);
        CLOCK.advance(Duration.ofSeconds(90));
        http().post(path + "/join", Map.of("customerId", a, "ref", "StoreBBBBBB2"));   // a second link, still watching
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(http().post(path + "/leave", Map.of("customerId", a)).status()).isEqualTo(202);
        http().post(path + "/leave", Map.of("customerId", c));
        CLOCK.advance(Duration.ofSeconds(600));                                      // a is away: not watching
        http().post(path + "/join", Map.of("customerId", a));
        CLOCK.advance(Duration.ofSeconds(10));

        // two viewers are present also after c's leave is counted and before a's second join (another partition) is:
        // the joins by ref are part of what is waited for
        String joinsByRef = "[{\"ref\":\"StoreAAAAAA1\",\"viewers\":2},{\"ref\":\"StoreBBBBBB2\",\"viewers\":1}]";
        JsonNode stats = await().atMost(EVENTS).until(() -> http().get(path + "/stats").json(),
                j -> j.get("uniqueViewers").asLong() == 3 && j.get("concurrentViewers").asLong() == 2
                        && j.get("joinsByRef").toString().equals(joinsByRef));
        assertThat(stats.get("peakViewers").asLong()).isEqualTo(3);
        assertThat(stats.get("status").asString()).isEqualTo("LIVE");
        assertThat(stats.get("joinsByRef").toString()).isEqualTo(joinsByRef);
        JsonNode viewerA = await().atMost(EVENTS).until(() -> http().get(path + "/viewers/" + a).json(),
                j -> j.get("present").asBoolean());
        assertThat(viewerA.get("watchedSeconds").asLong()).isEqualTo(120 + 10);
        assertThat(viewerA.get("refs").toString()).isEqualTo("[\"StoreAAAAAA1\",\"StoreBBBBBB2\"]");
        JsonNode viewerC = http().get(path + "/viewers/" + c).json();
        assertThat(viewerC.get("present").asBoolean()).isFalse();
        assertThat(viewerC.get("watchedSeconds").asLong()).isEqualTo(120);
        JsonNode stranger = http().get(path + "/viewers/" + customer()).json();
        assertThat(stranger.get("watchedSeconds").asLong()).isZero();

        var joins = TopicProbe.await(Events.VIEWER_JOINED, (ViewerJoined e) -> e.customerId().equals(a), 3, EVENTS);
        assertThat(joins).extracting(e -> e.key() + "/" + e.payload().ref())
                .containsExactly(a + "/StoreAAAAAA1", a + "/StoreBBBBBB2", a + "/null");
        assertThat(joins.getFirst().envelope().source()).isEqualTo("room-service");
        assertThat(TopicProbe.await(Events.VIEWER_DEPARTED, (ViewerDeparted e) -> e.customerId().equals(a), 1, EVENTS))
                .singleElement().satisfies(e -> assertThat(e.key()).isEqualTo(a));

        CLOCK.advance(Duration.ofSeconds(20));
        http().post(path + "/end", "");
        CLOCK.advance(Duration.ofSeconds(500));
        JsonNode after = http().get(path + "/stats").json();
        assertThat(after.get("concurrentViewers").asLong()).isZero();
        assertThat(after.get("peakViewers").asLong()).isEqualTo(3);
        // a's watching stopped with the broadcast
        assertThat(http().get(path + "/viewers/" + a).json().get("watchedSeconds").asLong()).isEqualTo(120 + 30);
        assertThat(http().post(path + "/leave", Map.of("customerId", a)).status()).isEqualTo(409);
    }

    @Test
    void a_lottery_publishes_its_seed_hash_draws_present_viewers_once_and_anyone_can_repeat_the_draw() throws Exception {
        String storeCode = "L" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
        TopicProbe.publish(Events.LINK_ISSUED, storeCode, storeCode, new LinkIssued(storeCode, "STORE", "store-l",
                "store-l", null, "r1", null, "poster", Instant.now(), null));
        String sessionId = liveSession();
        String path = "/sessions/" + sessionId;
        List<String> viaStore = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String viewer = customer();
            viaStore.add(viewer);
            http().post(path + "/join", Map.of("customerId", viewer, "ref", storeCode));
        }
        String walkIn = customer(), gone = customer();
        http().post(path + "/join", Map.of("customerId", walkIn));
        http().post(path + "/join", Map.of("customerId", gone, "ref", storeCode));
        http().post(path + "/leave", Map.of("customerId", gone));
        await().atMost(EVENTS).until(() -> http().get(path + "/stats").json().get("concurrentViewers").asLong() == 7);
        await().atMost(EVENTS).until(() -> http().get(path + "/viewers/" + gone).json().get("watchedSeconds")
                .asLong() == 0 && !http().get(path + "/viewers/" + gone).json().get("present").asBoolean()
                && http().get(path + "/viewers/" + gone).json().get("refs").size() == 1);

        Http.Response created = http().post(path + "/lotteries", Map.of("prize", "电饭煲", "winners", 3,
                "eligibility", "STORE_LINK_VIEWERS"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode lottery = created.json();
        String lotteryId = lottery.get("id").asString();
        String seedHash = lottery.get("seedHash").asString();
        assertThat(seedHash).matches("[0-9a-f]{64}");
        assertThat(lottery.get("seed").isNull()).isTrue();                      // secret until the draw
        assertThat(http().get("/lotteries/" + lotteryId).json().get("status").asString()).isEqualTo("OPEN");

        JsonNode drawn = http().post("/lotteries/" + lotteryId + "/draw", "").json();
        String seed = drawn.get("seed").asString();
        assertThat(sha256(seed)).isEqualTo(seedHash);
        assertThat(drawn.get("eligibleCount").asInt()).isEqualTo(6);            // not the walk-in, not who left
        List<String> winners = new ArrayList<>();
        drawn.get("drawnWinners").forEach(w -> winners.add(w.asString()));
        assertThat(winners).hasSize(3).doesNotHaveDuplicates();
        assertThat(viaStore).containsAll(winners);
        assertThat(http().post("/lotteries/" + lotteryId + "/draw", "").status()).isEqualTo(409);

        String eligible = http().get("/lotteries/" + lotteryId + "/eligible").body();
        assertThat(eligible.split("\n")).containsExactlyElementsOf(viaStore.stream().sorted().toList());
        assertThat(sha256(eligible)).isEqualTo(drawn.get("eligibleHash").asString());
        JsonNode verified = http().post("/lotteries/verify", Map.of("seed", seed, "eligible", viaStore, "winners", 3)).json();
        assertThat(verified.get("seedHash").asString()).isEqualTo(seedHash);
        assertThat(verified.get("winners").toString()).isEqualTo(drawn.get("drawnWinners").toString());

        assertThat(TopicProbe.await(Events.LOTTERY_CREATED, (LotteryCreated e) -> e.lotteryId().equals(lotteryId), 1,
                EVENTS)).singleElement().satisfies(e -> assertThat(e.payload().seedHash()).isEqualTo(seedHash));
        assertThat(TopicProbe.await(Events.LOTTERY_DRAWN, (LotteryDrawn e) -> e.lotteryId().equals(lotteryId), 1,
                EVENTS)).singleElement().satisfies(e -> {
            assertThat(e.payload().seed()).isEqualTo(seed);
            assertThat(e.payload().winners()).isEqualTo(winners);
            assertThat(e.payload().eligibleCount()).isEqualTo(6);
        });

        JsonNode everyone = http().post(path + "/lotteries", Map.of("prize", "券", "winners", 100,
                "eligibility", "ALL_VIEWERS")).json();
        JsonNode all = http().post("/lotteries/" + everyone.get("id").asString() + "/draw", "").json();
        assertThat(all.get("eligibleCount").asInt()).isEqualTo(7);
        assertThat(all.get("drawnWinners")).hasSize(7);                         // fewer entrants than prizes: all win
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bad_input_gets_a_problem_body_naming_the_field() {
        Http http = http();
        Http.Response missing = http.post("/rooms", Map.of("ownerType", "HQ", "watchUrl", "https://x.example.com"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(field(missing)).isEqualTo("name");

        Http.Response badUrl = http.post("/rooms", Map.of("ownerType", "HQ", "name", "x", "watchUrl", "javascript:alert(1)"));
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(field(badUrl)).isEqualTo("watchUrl");

        Http.Response badEnum = http.post("/rooms", "{\"ownerType\":\"PIRATE\",\"name\":\"x\",\"watchUrl\":\"https://x.example.com\"}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(field(badEnum)).isEqualTo("ownerType");

        Http.Response notJson = http.post("/rooms", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).doesNotContain("Exception");
        assertThat(field(notJson)).isEqualTo("body");
        Http.Response empty = http.post("/rooms", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(field(empty)).isEqualTo("body");
        assertThat(empty.json().get("errors").get(0).get("message").asString()).isEqualTo("is required");

        assertThat(http.get("/rooms/nope").status()).isEqualTo(404);
        Http.Response badLimit = http.get("/rooms?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(field(badLimit)).isEqualTo("limit");
        assertThat(http.post("/sessions/nope/join", Map.of("customerId", "c1")).status()).isEqualTo(404);

        String roomId = room();
        for (String when : new String[]{"+300000000-01-01T00:00:00Z", "tomorrow", "2026-11-11T12:00:00"}) {
            Http.Response badTime = http.post("/rooms/" + roomId + "/sessions", Map.of("title", "t", "scheduledStart", when));
            assertThat(badTime.status()).as(when).isEqualTo(400);
            assertThat(field(badTime)).isEqualTo("scheduledStart");
        }
        Http.Response withOffset = http.post("/rooms/" + roomId + "/sessions", Map.of("title", "t",
                "scheduledStart", "2026-11-11T20:00:00+08:00"));
        assertThat(withOffset.json().get("scheduledStart").asString()).isEqualTo("2026-11-11T12:00:00Z");

        String sessionId = liveSession();
        Http.Response noCustomer = http.post("/sessions/" + sessionId + "/join", Map.of("ref", "x"));
        assertThat(noCustomer.status()).isEqualTo(400);
        assertThat(field(noCustomer)).isEqualTo("customerId");
        Http.Response badRef = http.post("/sessions/" + sessionId + "/join", Map.of("customerId", "c1", "ref", "<script>"));
        assertThat(badRef.status()).isEqualTo(400);
        assertThat(field(badRef)).isEqualTo("ref");
        Http.Response numeric = http.post("/sessions/" + sessionId + "/join", "{\"customerId\":42}");
        assertThat(numeric.status()).isEqualTo(400);
        assertThat(field(numeric)).isEqualTo("customerId");
        Http.Response broken = http.post("/sessions/" + sessionId + "/join", "{\"customerId\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.header("Content-Type")).startsWith("application/problem+json");
        assertThat(field(broken)).isEqualTo("body");

        Http.Response form = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + port + "/sessions/" + sessionId + "/join"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("customerId=c1")));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.header("Content-Type")).startsWith("application/problem+json");
        assertThat(field(form)).isEqualTo("Content-Type");
        assertThat(form.json().get("detail").asString())
                .isEqualTo("Content-Type must be application/json, was application/x-www-form-urlencoded");
        Http.Response noWinners = http.post("/sessions/" + sessionId + "/lotteries", Map.of("prize", "x", "winners", 0,
                "eligibility", "ALL_VIEWERS"));
        assertThat(noWinners.status()).isEqualTo(400);
        assertThat(field(noWinners)).isEqualTo("winners");
    }

    @Test
    void every_endpoint_is_described_in_openapi() {
        JsonNode api = http().get("/v3/api-docs").json();
        for (String path : new String[]{"/rooms", "/rooms/{roomId}", "/rooms/{roomId}/archive", "/rooms/{roomId}/sessions",
                "/sessions/{sessionId}", "/sessions/{sessionId}/start", "/sessions/{sessionId}/end",
                "/sessions/{sessionId}/lineup", "/sessions/{sessionId}/lineup/order", "/sessions/{sessionId}/pin",
                "/sessions/{sessionId}/unpin", "/sessions/{sessionId}/reservations", "/sessions/{sessionId}/join",
                "/sessions/{sessionId}/leave", "/sessions/{sessionId}/viewers/{customerId}",
                "/sessions/{sessionId}/stats", "/sessions/{sessionId}/lotteries", "/lotteries/{lotteryId}",
                "/lotteries/{lotteryId}/draw", "/lotteries/{lotteryId}/eligible", "/lotteries/verify"}) {
            assertThat(api.get("paths").has(path)).as(path).isTrue();
        }
    }

    @Test
    void health_is_up_on_the_local_store_and_metrics_are_tagged_with_the_application() {
        Http http = http();
        JsonNode health = http.get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("mongo").get("status").asString()).isEqualTo("UP");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("application=\"room-service\"");
    }
}
