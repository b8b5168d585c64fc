package io.storecast.distribution;

import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.links.LinkRevoked;
import io.storecast.contracts.rooms.RoomChanged;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 3's link points through the HTTP API over the real broker and store. */
class LinksApiTest extends DistributionServiceTest {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String room(String watchUrl) {
        String roomId = unique("room");
        TopicProbe.publish(Events.ROOM_CREATED, roomId, roomId, new RoomCreated(roomId, "HQ", null, "HQ live",
                watchUrl, Instant.now()));
        return roomId;
    }

    private String store(String code, String dealerId) {
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "name", "门店 " + code));
        if (dealerId != null) {
            body.put("dealerId", dealerId);
        }
        Http.Response r = http().post("/stores", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private JsonNode issue(Map<String, Object> body) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> http().post("/links", body),
                r -> r.status() != 422 || !r.body().contains("roomId")).json();
    }

    private Http.Response follow(String code, String... headers) {
        return http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/l/" + code))
                .headers(headers.length == 0 ? new String[]{"Accept", "*/*"} : headers).GET());
    }

    @Test
    void a_request_cannot_choose_its_own_target_it_always_lands_on_our_room_url() {
        String roomId = room("https://live.example.com/hq?lang=zh");
        String storeId = store(unique("S"), null);
        String code = issue(Map.of("ownerType", "STORE", "ownerId", storeId, "roomId", roomId, "channel", "poster"))
                .get("code").asString();
        String expected = "https://live.example.com/hq?lang=zh&ref=" + code;
        assertThat(follow(code).header("Location")).isEqualTo(expected);
        for (String attack : new String[]{"?url=https://evil.example.com", "?redirect=//evil.example.com&ref=x",
                "?ref=Zz0000000000&next=https%3A%2F%2Fevil.example.com"}) {
            Http.Response r = follow(code + attack);
            assertThat(r.status()).as(attack).isEqualTo(302);
            assertThat(r.header("Location")).as(attack).isEqualTo(expected);
        }
        Http.Response forged = follow(code, "X-Forwarded-Host", "evil.example.com", "Referer", "https://evil.example.com");
        assertThat(forged.header("Location")).isEqualTo(expected);
        Http.Response traversal = follow(code + "%2F..%2Fevil");     // the web server refuses encoded slashes
        assertThat(traversal.status()).isIn(400, 404);
        assertThat(traversal.header("Location")).isNull();
    }

    @Test
    void the_redirect_answers_head_refuses_other_methods_and_malformed_codes_with_a_page() {
        String roomId = room("https://live.example.com/m");
        String storeId = store(unique("S"), null);
        String code = issue(Map.of("ownerType", "STORE", "ownerId", storeId, "roomId", roomId, "channel", "poster"))
                .get("code").asString();
        URI uri = URI.create("http://127.0.0.1:" + port + "/l/" + code);
        Http.Response head = http().send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(302);
        assertThat(head.header("Location")).isEqualTo("https://live.example.com/m?ref=" + code);
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");

        Http.Response post = http().send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(post.header("Location")).isNull();

        for (String bad : new String[]{"not-a-code", "", code + "/more", "x".repeat(65)}) {
            Http.Response r = follow(bad);
            assertThat(r.status()).as(bad).isEqualTo(404);
            assertThat(r.header("Content-Type")).as(bad).startsWith("text/html");
            assertThat(r.body()).as(bad).contains("does not exist");
        }
    }

    @Test
    void dealer_links_credit_the_dealer_and_stop_when_revoked_with_an_event() {
        String roomId = room("https://live.example.com/d");
        String dealerId = http().post("/dealers", Map.of("code", unique("D"), "name", "经销商")).json().get("id").asString();
        JsonNode link = issue(Map.of("ownerType", "DEALER", "ownerId", dealerId, "roomId", roomId, "channel", "moments"));
        String code = link.get("code").asString();
        assertThat(link.get("storeId").isNull()).isTrue();
        assertThat(link.get("dealerId").asString()).isEqualTo(dealerId);
        assertThat(follow(code).status()).isEqualTo(302);

        JsonNode revoked = http().post("/links/" + code + "/revoke", "").json();
        assertThat(revoked.get("revokedAt").isNull()).isFalse();
        assertThat(http().post("/links/" + code + "/revoke", "").json().get("revokedAt").asString())
                .isEqualTo(revoked.get("revokedAt").asString());
        Http.Response gone = follow(code);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.header("Content-Type")).startsWith("text/html");
        assertThat(gone.body()).contains("Link withdrawn").doesNotContain(code);
        assertThat(TopicProbe.await(Events.LINK_REVOKED, (LinkRevoked e) -> e.code().equals(code), 1,
                Duration.ofSeconds(20))).hasSize(1);
        assertThat(http().post("/links/NoSuchCode99/revoke", "").status()).isEqualTo(404);
    }

    @Test
    void an_expired_link_and_a_deactivated_store_answer_410_and_issuing_for_them_is_refused() {
        String roomId = room("https://live.example.com/x");
        String storeId = store(unique("S"), null);
        Map<String, Object> body = new HashMap<>(Map.of("ownerType", "STORE", "ownerId", storeId, "roomId", roomId,
                "channel", "poster"));
        String working = issue(body).get("code").asString();
        body.put("expiresAt", "2020-01-01T00:00:00Z");
        assertThat(field(http().post("/links", body))).isEqualTo("expiresAt");
        body.put("expiresAt", Instant.now().plusSeconds(1).toString());
        String expired = issue(body).get("code").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> follow(expired).status() == 410);
        assertThat(follow(expired).body()).contains("Link expired");

        assertThat(http().post("/stores/" + storeId + "/deactivate", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> follow(working).status() == 410);
        Http.Response refused = http().post("/links", Map.of("ownerType", "STORE", "ownerId", storeId,
                "roomId", roomId, "channel", "poster"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused)).isEqualTo("ownerId");
    }

    @Test
    void a_room_moved_to_another_watch_url_redirects_there_and_an_archived_room_answers_410() {
        String roomId = room("https://live.example.com/old");
        String storeId = store(unique("S"), null);
        String code = issue(Map.of("ownerType", "STORE", "ownerId", storeId, "roomId", roomId, "channel", "poster"))
                .get("code").asString();
        assertThat(follow(code).header("Location")).isEqualTo("https://live.example.com/old?ref=" + code);

        TopicProbe.publishTwice(Events.ROOM_CHANGED, roomId, roomId, new RoomChanged(roomId, "HQ", null, "HQ live",
                "https://live.example.com/new", false, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "https://live.example.com/new?ref=%s".formatted(code)
                .equals(follow(code).header("Location")));
        // a late copy of the creation does not move the room back
        TopicProbe.publish(Events.ROOM_CREATED, roomId, roomId, new RoomCreated(roomId, "HQ", null, "HQ live",
                "https://live.example.com/old", Instant.now()));
        TopicProbe.publish(Events.ROOM_CHANGED, roomId, roomId, new RoomChanged(roomId, "HQ", null, "HQ live",
                "https://live.example.com/new", true, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> follow(code).status() == 410);
        assertThat(follow(code).header("Location")).isNull();
        Http.Response refused = http().post("/links", Map.of("ownerType", "STORE", "ownerId", storeId,
                "roomId", roomId, "channel", "poster"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused)).isEqualTo("roomId");
    }

    @Test
    void bulk_issue_gives_each_active_store_of_a_dealer_one_link_and_running_it_again_issues_nothing() {
        String roomId = room("https://live.example.com/bulk");
        String dealerId = http().post("/dealers", Map.of("code", unique("D"), "name", "D")).json().get("id").asString();
        String prefix = unique("B");
        List<String> stores = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            stores.add(store(prefix + "-" + i, dealerId));
        }
        String inactive = store(prefix + "-4", dealerId);
        http().post("/stores/" + inactive + "/deactivate", "");
        store(prefix + "-5", null);     // another dealer's (HQ's) store is not included
        http().post("/stores/" + stores.get(0) + "/staff", Map.of("name", "Li"));
        http().post("/stores/" + stores.get(0) + "/staff", Map.of("name", "Wang"));

        Map<String, Object> bulk = Map.of("ownerType", "STORE", "dealerId", dealerId, "roomId", roomId,
                "channel", "wechat-group");
        Http.Response first = await().atMost(Duration.ofSeconds(20)).until(() -> http().post("/links/bulk", bulk),
                r -> r.status() == 201);
        assertThat(first.json().get("issued").asInt()).isEqualTo(3);
        assertThat(first.json().get("existing").asInt()).isZero();
        List<String> owners = new ArrayList<>();
        first.json().get("links").forEach(l -> owners.add(l.get("ownerId").asString()));
        assertThat(owners).containsExactlyElementsOf(stores);
        Http.Response again = http().post("/links/bulk", bulk);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("issued").asInt()).isZero();
        assertThat(again.json().get("existing").asInt()).isEqualTo(3);
        assertThat(again.json().get("links").get(0).get("code").asString())
                .isEqualTo(first.json().get("links").get(0).get("code").asString());

        Http.Response staff = http().post("/links/bulk", Map.of("ownerType", "STAFF", "dealerId", dealerId,
                "roomId", roomId, "channel", "wechat-group"));
        assertThat(staff.json().get("issued").asInt()).isEqualTo(2);
        staff.json().get("links").forEach(l -> assertThat(l.get("storeId").asString()).isEqualTo(stores.get(0)));

        JsonNode page = http().get("/stores/" + stores.get(0) + "/links?size=2").json();
        assertThat(page.get("total").asLong()).isEqualTo(3);     // its store link and its two staff links
        assertThat(page.get("items")).hasSize(2);
        assertThat(field(http().get("/stores/" + stores.get(0) + "/links?size=500"))).isEqualTo("size");
        assertThat(field(http().post("/links/bulk", Map.of("ownerType", "STORE", "dealerId", "nope", "roomId", roomId,
                "channel", "x")))).isEqualTo("dealerId");
    }

    @Test
    void two_bulk_runs_at_once_still_give_each_store_one_link_and_a_revoked_one_is_replaced() throws Exception {
        String roomId = room("https://live.example.com/race");
        String dealerId = http().post("/dealers", Map.of("code", unique("D"), "name", "D")).json().get("id").asString();
        String prefix = unique("R");
        List<String> stores = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            stores.add(store(prefix + "-" + i, dealerId));
        }
        Map<String, Object> bulk = Map.of("ownerType", "STORE", "dealerId", dealerId, "roomId", roomId,
                "channel", "wechat-group");
        await().atMost(Duration.ofSeconds(20)).until(() -> http().post("/links", Map.of("ownerType", "STORE",
                "ownerId", stores.get(0), "roomId", roomId, "channel", "probe")).status() == 201);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Http.Response>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> http().post("/links/bulk", bulk)));
            }
            java.util.Set<String> codes = new java.util.HashSet<>();
            int issued = 0;
            for (var run : runs) {
                JsonNode r = run.get().json();
                issued += r.get("issued").asInt();
                r.get("links").forEach(l -> codes.add(l.get("code").asString()));
            }
            assertThat(issued).isEqualTo(5);
            assertThat(codes).hasSize(5);
        } finally {
            pool.shutdown();
        }
        for (String s : stores) {
            // one bulk link each (the first store also has its single "probe" link)
            assertThat(http().get("/stores/" + s + "/links").json().get("total").asLong())
                    .isEqualTo(s.equals(stores.get(0)) ? 2 : 1);
        }
        JsonNode before = http().post("/links/bulk", bulk).json();
        String revoked = before.get("links").get(2).get("code").asString();
        http().post("/links/" + revoked + "/revoke", "");
        JsonNode after = http().post("/links/bulk", bulk).json();
        assertThat(after.get("issued").asInt()).isEqualTo(1);
        assertThat(after.get("links").get(2).get("code").asString()).isNotEqualTo(revoked);
        assertThat(after.get("links").get(1).get("code").asString())
                .isEqualTo(before.get("links").get(1).get("code").asString());
    }

    @Test
    void every_redirect_sends_one_click_event_and_funnels_count_a_visitor_once_per_hour() {
        String roomId = room("https://live.example.com/f");
        String storeId = store(unique("S"), null);
        String code = issue(Map.of("ownerType", "STORE", "ownerId", storeId, "roomId", roomId, "channel", "poster"))
                .get("code").asString();
        String cookie = follow(code).header("Set-Cookie").split(";")[0];
        follow(code, "Cookie", cookie);
        follow(code, "Cookie", cookie);
        follow(code);                     // a second visitor
        var events = TopicProbe.await(Events.LINK_CLICKED, (LinkClicked e) -> e.code().equals(code), 4,
                Duration.ofSeconds(20));
        assertThat(events).hasSize(4).extracting(e -> e.payload().clickId()).doesNotHaveDuplicates();
        assertThat(field(http().get("/links/" + code + "/funnel?from=%2B300000000-01-01T00:00:00Z"))).isEqualTo("from");
        assertThat(field(http().get("/links/" + code + "/funnel?from=2026-11-11T12:00:00Z&to=2026-11-11T11:00:00Z")))
                .isEqualTo("to");
        assertThat(field(http().get("/stores/" + storeId + "/links?page=2147483647&size=200"))).isEqualTo("page");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode f = http().get("/links/" + code + "/funnel").json();
            assertThat(f.get("clicks").asLong()).isEqualTo(4);
            assertThat(f.get("visitorHours").asLong()).isEqualTo(2);
        });

        // clicks of one visitor across hours, each event delivered twice
        String other = issue(Map.of("ownerType", "STORE", "ownerId", storeId, "roomId", roomId, "channel", "moments"))
                .get("code").asString();
        Instant h = Instant.parse("2026-11-11T12:00:00Z");
        for (Instant at : new Instant[]{h.plusSeconds(10), h.plusSeconds(3_599), h.plusSeconds(3_600)}) {
            TopicProbe.publishTwice(Events.LINK_CLICKED, other, other, new LinkClicked(UUID.randomUUID().toString(),
                    other, "visitor-1", "agent", "hash", at));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode all = http().get("/links/" + other + "/funnel?from=2026-11-11T00:00:00Z&to=2026-11-12T00:00:00Z")
                    .json();
            assertThat(all.get("clicks").asLong()).isEqualTo(3);
            assertThat(all.get("visitorHours").asLong()).isEqualTo(2);
            JsonNode firstHour = http().get("/links/" + other
                    + "/funnel?from=2026-11-11T12:00:00Z&to=2026-11-11T13:00:00Z").json();
            assertThat(firstHour.get("clicks").asLong()).isEqualTo(2);
            assertThat(firstHour.get("visitorHours").asLong()).isEqualTo(1);
        });
    }

    @Test
    void a_flood_from_one_address_gets_429_then_service_resumes() {
        String roomId = room("https://live.example.com/rl");
        String storeId = store(unique("S"), null);
        String code = issue(Map.of("ownerType", "STORE", "ownerId", storeId, "roomId", roomId, "channel", "poster"))
                .get("code").asString();
        int limited = 0;
        for (int i = 0; i < 80; i++) {
            Http.Response r = follow(code);
            if (r.status() == 429) {
                limited++;
                assertThat(r.header("Retry-After")).isEqualTo("1");
            } else {
                assertThat(r.status()).isEqualTo(302);
            }
        }
        assertThat(limited).isGreaterThan(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> follow(code).status() == 302);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);  // let the bucket refill
    }

    @Test
    void every_endpoint_is_described_in_openapi() {
        JsonNode api = http().get("/v3/api-docs").json();
        assertThat(api.get("openapi").asString()).startsWith("3.");
        for (String path : new String[]{"/l/{code}", "/links", "/links/bulk", "/links/{code}/revoke",
                "/links/{code}/funnel", "/stores/{storeId}/links", "/links/{code}/qr.png", "/commission-plans"}) {
            assertThat(api.get("paths").has(path)).as(path).isTrue();
        }
    }
}
