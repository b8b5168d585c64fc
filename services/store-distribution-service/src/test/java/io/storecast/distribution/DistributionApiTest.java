package io.storecast.distribution;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.storecast.contracts.Events;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StaffRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.distribution.domain.ClickFingerprint;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TopicProbe;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DistributionApiTest extends DistributionServiceTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    @Value("${storecast.public-base-url}")
    String publicBaseUrl;
    @Value("${storecast.ip-hash-salt}")
    String salt;
    @Autowired
    MongoTemplate mongo;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }


    private Http.Response get(String path, String... headers) {
        return Http.at(port).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .headers(headers.length == 0 ? new String[]{"Accept", "*/*"} : headers).GET());
    }

    /** A room as room-service announces it, delivered twice; returns once both copies are consumed. */
    private String knownRoom(String watchUrl) {
        String roomId = "room-" + UUID.randomUUID();
        TopicProbe.publishTwice(Events.ROOM_CREATED, roomId, roomId,
                new RoomCreated(roomId, "HQ", null, "Autumn drop", watchUrl, Instant.now()));
        // a later event with the same key lands on the same partition, so once it is in, both copies were handled
        String marker = "room-" + UUID.randomUUID();
        TopicProbe.publish(Events.ROOM_CREATED, roomId, marker,
                new RoomCreated(marker, "HQ", null, "marker", "https://live.example.com/marker", Instant.now()));
        await().atMost(EVENT_TIMEOUT).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(marker)), "rooms"));
        return roomId;
    }

    private record Network(String dealerId, String storeId, String staffId) {
    }

    private Network network() {
        Http http = Http.at(port);
        String dealerId = http.post("/dealers", Map.of("code", unique("D"), "name", "East dealer")).json().get("id")
                .asString();
        String storeId = http.post("/stores", Map.of("code", unique("S"), "name", "Nanjing Road",
                "dealerId", dealerId)).json().get("id").asString();
        String staffId = http.post("/stores/" + storeId + "/staff", Map.of("name", "Li Na")).json().get("id")
                .asString();
        return new Network(dealerId, storeId, staffId);
    }

    @Test
    void dealers_stores_and_staff_are_registered_and_announced_keyed_by_their_ids() {
        Http http = Http.at(port);
        String dealerCode = unique("D");
        Http.Response dealer = http.post("/dealers", Map.of("code", dealerCode, "name", "East dealer"));
        assertThat(dealer.status()).isEqualTo(201);
        String dealerId = dealer.json().get("id").asString();
        assertThat(dealer.json().get("code").asString()).isEqualTo(dealerCode);
        assertThat(dealer.json().get("name").asString()).isEqualTo("East dealer");

        String storeCode = unique("S");
        Http.Response store = http.post("/stores", Map.of("code", storeCode, "name", "南京路店", "dealerId", dealerId));
        assertThat(store.status()).isEqualTo(201);
        String storeId = store.json().get("id").asString();
        assertThat(store.json().get("dealerId").asString()).isEqualTo(dealerId);
        assertThat(store.json().get("name").asString()).isEqualTo("南京路店");

        Http.Response direct = http.post("/stores", Map.of("code", unique("S"), "name", "HQ flagship"));
        assertThat(direct.status()).isEqualTo(201);
        assertThat(direct.json().get("dealerId").isNull()).isTrue();

        String shopper = "c-" + UUID.randomUUID();
        Http.Response staff = http.post("/stores/" + storeId + "/staff", Map.of("name", "Li Na",
                "shopperCustomerId", shopper));
        assertThat(staff.status()).isEqualTo(201);
        String staffId = staff.json().get("id").asString();
        assertThat(staff.json().get("storeId").asString()).isEqualTo(storeId);
        assertThat(staff.json().get("shopperCustomerId").asString()).isEqualTo(shopper);

        assertThat(http.get("/dealers/" + dealerId).json()).isEqualTo(dealer.json());
        assertThat(http.get("/stores/" + storeId).json()).isEqualTo(store.json());
        assertThat(http.get("/staff/" + staffId).json()).isEqualTo(staff.json());

        assertThat(TopicProbe.await(Events.DEALER_REGISTERED, (DealerRegistered e) -> e.dealerId().equals(dealerId), 1,
                EVENT_TIMEOUT)).singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(dealerId);
                    assertThat(e.payload().code()).isEqualTo(dealerCode);
                    assertThat(e.payload().name()).isEqualTo("East dealer");
                    assertThat(e.envelope().source()).isEqualTo("store-distribution-service");
                });
        assertThat(TopicProbe.await(Events.STORE_REGISTERED, (StoreRegistered e) -> e.storeId().equals(storeId), 1,
                EVENT_TIMEOUT)).singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(storeId);
                    assertThat(e.payload().code()).isEqualTo(storeCode);
                    assertThat(e.payload().name()).isEqualTo("南京路店");
                    assertThat(e.payload().dealerId()).isEqualTo(dealerId);
                });
        assertThat(TopicProbe.await(Events.STAFF_REGISTERED, (StaffRegistered e) -> e.staffId().equals(staffId), 1,
                EVENT_TIMEOUT)).singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(staffId);
                    assertThat(e.payload().storeId()).isEqualTo(storeId);
                    assertThat(e.payload().name()).isEqualTo("Li Na");
                    assertThat(e.payload().shopperCustomerId()).isEqualTo(shopper);
                });
    }

    @Test
    void a_shopper_follows_store_and_staff_links_into_the_room_and_each_click_is_recorded() {
        Http http = Http.at(port);
        String watchUrl = "https://live.example.com/watch?channel=" + UUID.randomUUID();
        String roomId = knownRoom(watchUrl);
        assertThat(mongo.count(Query.query(Criteria.where("watchUrl").is(watchUrl)), "rooms")).isEqualTo(1);
        Document view = mongo.findById(roomId, Document.class, "rooms");
        assertThat(view).containsEntry("watchUrl", watchUrl).containsEntry("name", "Autumn drop");

        Network n = network();
        Http.Response storeLink = http.post("/links", Map.of("ownerType", "STORE", "ownerId", n.storeId(),
                "roomId", roomId, "sessionId", "sess-1", "channel", "wechat-group"));
        assertThat(storeLink.status()).isEqualTo(201);
        JsonNode s = storeLink.json();
        String storeCode = s.get("code").asString();
        assertThat(storeCode).matches("[0-9A-Za-z]{12}");
        assertThat(s.get("ownerType").asString()).isEqualTo("STORE");
        assertThat(s.get("ownerId").asString()).isEqualTo(n.storeId());
        assertThat(s.get("storeId").asString()).isEqualTo(n.storeId());
        assertThat(s.get("dealerId").asString()).isEqualTo(n.dealerId());
        assertThat(s.get("roomId").asString()).isEqualTo(roomId);
        assertThat(s.get("sessionId").asString()).isEqualTo("sess-1");
        assertThat(s.get("channel").asString()).isEqualTo("wechat-group");
        assertThat(s.get("expiresAt").isNull()).isTrue();
        assertThat(s.get("url").asString()).isEqualTo(publicBaseUrl + "/l/" + storeCode);
        assertThat(s.get("qrPng").asString()).isEqualTo(publicBaseUrl + "/links/" + storeCode + "/qr.png");
        assertThat(http.get("/links/" + storeCode).json()).isEqualTo(s);

        Http.Response staffLink = http.post("/links", Map.of("ownerType", "STAFF", "ownerId", n.staffId(),
                "roomId", roomId, "channel", "moments", "expiresAt", "2099-01-01T00:00:00Z"));
        assertThat(staffLink.status()).isEqualTo(201);
        String staffCode = staffLink.json().get("code").asString();
        assertThat(staffCode).isNotEqualTo(storeCode);
        assertThat(staffLink.json().get("ownerId").asString()).isEqualTo(n.staffId());
        assertThat(staffLink.json().get("storeId").asString()).isEqualTo(n.storeId());
        assertThat(staffLink.json().get("dealerId").asString()).isEqualTo(n.dealerId());
        assertThat(staffLink.json().get("sessionId").isNull()).isTrue();
        assertThat(staffLink.json().get("expiresAt").asString()).isEqualTo("2099-01-01T00:00:00Z");

        // a first visit: redirected with ref, and given a visitor cookie
        Http.Response first = get("/l/" + storeCode, "User-Agent", "Mozilla/5.0 (test)");
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.header("Location")).isEqualTo(watchUrl + "&ref=" + storeCode);
        String cookie = first.header("Set-Cookie");
        assertThat(cookie).startsWith("sc_vid=").contains("Path=/", "Max-Age=31536000", "HttpOnly", "SameSite=Lax");
        String visitorId = cookie.substring("sc_vid=".length(), cookie.indexOf(';'));
        assertThat(UUID.fromString(visitorId).toString()).isEqualTo(visitorId);

        // the same visitor on the staff link keeps the cookie it has
        Http.Response second = get("/l/" + staffCode, "User-Agent", "Mozilla/5.0 (test)", "Cookie", "sc_vid=" + visitorId);
        assertThat(second.status()).isEqualTo(302);
        assertThat(second.header("Location")).isEqualTo(watchUrl + "&ref=" + staffCode);
        assertThat(second.header("Set-Cookie")).isNull();

        String expectedIpHash = ClickFingerprint.ipHash(salt, "127.0.0.1");
        for (String code : List.of(storeCode, staffCode)) {
            assertThat(TopicProbe.await(Events.LINK_CLICKED, (LinkClicked e) -> e.code().equals(code), 1,
                    EVENT_TIMEOUT)).singleElement().satisfies(e -> {
                        assertThat(e.key()).isEqualTo(code);
                        assertThat(e.payload().visitorId()).isEqualTo(visitorId);
                        assertThat(e.payload().userAgent()).isEqualTo("Mozilla/5.0 (test)");
                        assertThat(e.payload().ipHash()).isEqualTo(expectedIpHash).hasSize(64);
                        assertThat(UUID.fromString(e.payload().clickId())).isNotNull();
                    });
        }
        assertThat(TopicProbe.await(Events.LINK_ISSUED, (LinkIssued e) -> e.code().equals(staffCode), 1,
                EVENT_TIMEOUT)).singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(staffCode);
                    assertThat(e.payload().ownerType()).isEqualTo("STAFF");
                    assertThat(e.payload().ownerId()).isEqualTo(n.staffId());
                    assertThat(e.payload().storeId()).isEqualTo(n.storeId());
                    assertThat(e.payload().dealerId()).isEqualTo(n.dealerId());
                    assertThat(e.payload().roomId()).isEqualTo(roomId);
                    assertThat(e.payload().channel()).isEqualTo("moments");
                    assertThat(e.payload().expiresAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
                });
    }

    @Test
    void a_link_issued_before_its_room_is_known_is_refused_until_the_room_arrives() {
        Http http = Http.at(port);
        Network n = network();
        String roomId = "room-" + UUID.randomUUID();
        Map<String, Object> request = Map.of("ownerType", "STORE", "ownerId", n.storeId(), "roomId", roomId,
                "channel", "poster");
        Http.Response early = http.post("/links", request);
        assertThat(early.status()).isEqualTo(422);
        assertThat(field(early)).isEqualTo("roomId");
        assertThat(early.json().get("detail").asString()).contains("unknown or not yet synchronised");

        TopicProbe.publish(Events.ROOM_CREATED, roomId, roomId,
                new RoomCreated(roomId, "HQ", null, "Late room", "https://live.example.com/late", Instant.now()));
        Http.Response issued = await().atMost(EVENT_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post("/links", request), r -> r.status() != 422);
        assertThat(issued.status()).isEqualTo(201);
        String code = issued.json().get("code").asString();
        assertThat(get("/l/" + code).header("Location")).isEqualTo("https://live.example.com/late?ref=" + code);
        assertThat(TopicProbe.await(Events.LINK_ISSUED, (LinkIssued e) -> e.code().equals(code), 1, EVENT_TIMEOUT))
                .singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(code);
                    assertThat(e.payload().ownerType()).isEqualTo("STORE");
                    assertThat(e.payload().storeId()).isEqualTo(n.storeId());
                    assertThat(e.payload().channel()).isEqualTo("poster");
                    assertThat(e.payload().expiresAt()).isNull();
                });
    }

    @Test
    void a_room_whose_watch_url_is_not_http_never_becomes_a_redirect_target() {
        Http http = Http.at(port);
        Network n = network();
        String roomId = "room-" + UUID.randomUUID();
        TopicProbe.publish(Events.ROOM_CREATED, roomId, roomId,
                new RoomCreated(roomId, "HQ", null, "Evil", "javascript:alert(1)", Instant.now()));
        String marker = "room-" + UUID.randomUUID();
        TopicProbe.publish(Events.ROOM_CREATED, roomId, marker,
                new RoomCreated(marker, "HQ", null, "marker", "https://live.example.com/marker", Instant.now()));
        await().atMost(EVENT_TIMEOUT).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(marker)), "rooms"));

        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(roomId)), "rooms")).isFalse();
        Http.Response refused = http.post("/links", Map.of("ownerType", "STORE", "ownerId", n.storeId(),
                "roomId", roomId, "channel", "poster"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused)).isEqualTo("roomId");
    }

    @Test
    void unknown_and_expired_links_answer_a_small_page_for_people() {
        Http http = Http.at(port);
        String roomId = knownRoom("https://live.example.com/" + UUID.randomUUID());
        Network n = network();

        Http.Response unknown = get("/l/NoSuchCode12");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("text/html");
        assertThat(unknown.body()).contains("<html").contains("does not exist");

        Http.Response past = http.post("/links", Map.of("ownerType", "STAFF", "ownerId", n.staffId(),
                "roomId", roomId, "channel", "poster", "expiresAt", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(422);
        assertThat(field(past)).isEqualTo("expiresAt");
        Http.Response expired = http.post("/links", Map.of("ownerType", "STAFF", "ownerId", n.staffId(),
                "roomId", roomId, "channel", "poster", "expiresAt", Instant.now().plusSeconds(1).toString()));
        assertThat(expired.status()).isEqualTo(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> get("/l/" + expired.json().get("code").asString()).status() == 410);
        Http.Response gone = get("/l/" + expired.json().get("code").asString());
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.header("Content-Type")).startsWith("text/html");
        assertThat(gone.body()).contains("<html").contains("expired");
        assertThat(gone.header("Location")).isNull();
    }

    @Test
    void the_qr_code_png_decodes_back_to_the_link_url() throws Exception {
        Http http = Http.at(port);
        String roomId = knownRoom("https://live.example.com/" + UUID.randomUUID());
        Network n = network();
        JsonNode link = http.post("/links", Map.of("ownerType", "STORE", "ownerId", n.storeId(), "roomId", roomId,
                "channel", "poster")).json();
        String code = link.get("code").asString();

        Http.Response png = http.get("/links/" + code + "/qr.png");
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.raw().body()));
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(512);
        assertThat(decode(image)).isEqualTo(publicBaseUrl + "/l/" + code);

        BufferedImage small = ImageIO.read(new ByteArrayInputStream(
                http.get("/links/" + code + "/qr.png?size=128").raw().body()));
        assertThat(small.getWidth()).isEqualTo(128);
        assertThat(decode(small)).isEqualTo(link.get("url").asString());

        for (String bad : List.of("127", "2049", "big")) {
            Http.Response r = http.get("/links/" + code + "/qr.png?size=" + bad);
            assertThat(r.status()).isEqualTo(400);
            assertThat(field(r)).isEqualTo("size");
        }
        assertThat(http.get("/links/NoSuchCode12/qr.png").status()).isEqualTo(404);
    }

    /** zxing core's RGBLuminanceSource (javase's BufferedImageLuminanceSource is not among our dependencies). */
    private static String decode(BufferedImage image) throws Exception {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        // PURE_BARCODE: the image is exactly one generated code; zxing's general detector misses ~1.5 % of
        // perfect codes (measured on 2,000 random links), which made this test fail now and then
        return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels))),
                Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
    }

    @Test
    void commission_plans_are_versioned_with_strictly_later_start_times_and_announced() {
        Http http = Http.at(port);
        JsonNode existing = http.get("/commission-plans").json();
        int version = existing.size() + 1;
        Instant from = existing.isEmpty() ? Instant.parse("2030-01-01T00:00:00Z")
                : Instant.parse(existing.get(existing.size() - 1).get("effectiveFrom").asString()).plus(Duration.ofDays(31));

        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("*", Map.of("trafficBps", 300, "staffBonusBps", 100, "dealerOverrideBps", 50, "fulfilmentBps", 200));
        rates.put("appliances", Map.of("trafficBps", 500, "staffBonusBps", 0, "dealerOverrideBps", 100,
                "fulfilmentBps", 300));
        Http.Response plan = http.post("/commission-plans", Map.of("effectiveFrom", from.toString(), "rates", rates));
        assertThat(plan.status()).isEqualTo(201);
        JsonNode p = plan.json();
        assertThat(p.get("planVersion").asInt()).isEqualTo(version);
        assertThat(p.get("effectiveFrom").asString()).isEqualTo(from.toString());
        assertThat(p.get("currency").asString()).isEqualTo("CNY");
        assertThat(p.get("rates").get("*").get("trafficBps").asInt()).isEqualTo(300);
        assertThat(p.get("rates").get("appliances").get("fulfilmentBps").asInt()).isEqualTo(300);
        assertThat(p.get("rates").get("appliances").get("dealerOverrideBps").asInt()).isEqualTo(100);
        JsonNode listed = http.get("/commission-plans").json();
        assertThat(listed.get(listed.size() - 1)).isEqualTo(p);

        Http.Response sameStart = http.post("/commission-plans", Map.of("effectiveFrom", from.toString(),
                "rates", rates));
        assertThat(sameStart.status()).isEqualTo(409);
        assertThat(field(sameStart)).isEqualTo("effectiveFrom");

        var published = TopicProbe.await(Events.COMMISSION_PLAN_PUBLISHED,
                (CommissionPlanPublished e) -> e.planVersion() == version, 1, EVENT_TIMEOUT);
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(String.valueOf(version));
            assertThat(e.payload().effectiveFrom()).isEqualTo(from);
            assertThat(e.payload().currency()).isEqualTo("CNY");
            assertThat(e.payload().rates()).containsOnlyKeys("*", "appliances");
            assertThat(e.payload().rates().get("appliances"))
                    .isEqualTo(new CommissionPlanPublished.Rates(500, 0, 100, 300));
        });
    }

    @Test
    void bad_commission_plans_are_refused_naming_the_field() {
        Http http = Http.at(port);
        Map<String, Object> ok = Map.of("trafficBps", 300, "staffBonusBps", 100, "dealerOverrideBps", 50,
                "fulfilmentBps", 200);
        String far = "2999-01-01T00:00:00Z";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("rates", "{\"effectiveFrom\":\"" + far + "\",\"rates\":{\"tv\":" + json(ok) + "}}");
        cases.put("rates.*.trafficBps", "{\"effectiveFrom\":\"" + far + "\",\"rates\":{\"*\":"
                + json(Map.of("trafficBps", 10001, "staffBonusBps", 0, "dealerOverrideBps", 0, "fulfilmentBps", 0))
                + "}}");
        cases.put("rates.*.fulfilmentBps", "{\"effectiveFrom\":\"" + far + "\",\"rates\":{\"*\":"
                + json(Map.of("trafficBps", 0, "staffBonusBps", 0, "dealerOverrideBps", 0, "fulfilmentBps", -1))
                + "}}");
        cases.put("rates.tv", "{\"effectiveFrom\":\"" + far + "\",\"rates\":{\"*\":" + json(ok) + ",\"tv\":"
                + json(Map.of("trafficBps", 5000, "staffBonusBps", 3000, "dealerOverrideBps", 2000,
                "fulfilmentBps", 1)) + "}}");
        cases.put("currency", "{\"effectiveFrom\":\"" + far + "\",\"currency\":\"rmb\",\"rates\":{\"*\":"
                + json(ok) + "}}");
        cases.forEach((fieldName, body) -> {
            Http.Response r = http.post("/commission-plans", body);
            assertThat(r.status()).as(fieldName).isEqualTo(422);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(field(r)).isEqualTo(fieldName);
        });

        Http.Response noStart = http.post("/commission-plans", "{\"rates\":{\"*\":" + json(ok) + "}}");
        assertThat(noStart.status()).isEqualTo(400);
        assertThat(field(noStart)).isEqualTo("effectiveFrom");
    }

    private static String json(Object o) {
        return Http.JSON.writeValueAsString(o);
    }

    @Test
    void bad_network_and_link_requests_get_a_problem_naming_the_field() {
        Http http = Http.at(port);
        String dealerCode = unique("D");
        assertThat(http.post("/dealers", Map.of("code", dealerCode, "name", "A")).status()).isEqualTo(201);
        Http.Response dupDealer = http.post("/dealers", Map.of("code", dealerCode, "name", "B"));
        assertThat(dupDealer.status()).isEqualTo(409);
        assertThat(field(dupDealer)).isEqualTo("code");
        Http.Response noName = http.post("/dealers", Map.of("code", unique("D")));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(field(noName)).isEqualTo("name");

        Http.Response unknownDealer = http.post("/stores", Map.of("code", unique("S"), "name", "X",
                "dealerId", "dealer-nope"));
        assertThat(unknownDealer.status()).isEqualTo(422);
        assertThat(field(unknownDealer)).isEqualTo("dealerId");
        String storeCode = unique("S");
        assertThat(http.post("/stores", Map.of("code", storeCode, "name", "X")).status()).isEqualTo(201);
        Http.Response dupStore = http.post("/stores", Map.of("code", storeCode, "name", "Y"));
        assertThat(dupStore.status()).isEqualTo(409);
        assertThat(field(dupStore)).isEqualTo("code");
        assertThat(http.post("/stores/store-nope/staff", Map.of("name", "Z")).status()).isEqualTo(404);
        assertThat(http.get("/dealers/dealer-nope").status()).isEqualTo(404);
        assertThat(http.get("/stores/store-nope").status()).isEqualTo(404);
        assertThat(http.get("/staff/staff-nope").status()).isEqualTo(404);

        String roomId = knownRoom("https://live.example.com/" + UUID.randomUUID());
        Network n = network();
        Http.Response unknownStore = http.post("/links", Map.of("ownerType", "STORE", "ownerId", "store-nope",
                "roomId", roomId, "channel", "poster"));
        assertThat(unknownStore.status()).isEqualTo(422);
        assertThat(field(unknownStore)).isEqualTo("ownerId");
        Http.Response staffAsStore = http.post("/links", Map.of("ownerType", "STAFF", "ownerId", n.storeId(),
                "roomId", roomId, "channel", "poster"));
        assertThat(staffAsStore.status()).isEqualTo(422);
        assertThat(field(staffAsStore)).isEqualTo("ownerId");
        Http.Response blankChannel = http.post("/links", Map.of("ownerType", "STORE", "ownerId", n.storeId(),
                "roomId", roomId, "channel", " "));
        assertThat(blankChannel.status()).isEqualTo(400);
        assertThat(field(blankChannel)).isEqualTo("channel");
        Http.Response dealerAsStore = http.post("/links", Map.of("ownerType", "STORE", "ownerId", n.dealerId(),
                "roomId", roomId, "channel", "poster"));
        assertThat(dealerAsStore.status()).isEqualTo(422);
        assertThat(field(dealerAsStore)).isEqualTo("ownerId");
        Http.Response pirate = http.post("/links", "{\"ownerType\":\"PIRATE\",\"ownerId\":\"x\",\"roomId\":\"r\","
                + "\"channel\":\"poster\"}");
        assertThat(pirate.status()).isEqualTo(400);
        assertThat(field(pirate)).isEqualTo("ownerType");
        assertThat(http.get("/links/NoSuchCode12").status()).isEqualTo(404);
    }
}
