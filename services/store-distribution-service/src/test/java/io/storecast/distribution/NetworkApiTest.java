package io.storecast.distribution;

import io.storecast.contracts.Events;
import io.storecast.contracts.network.DealerChanged;
import io.storecast.contracts.network.StaffChanged;
import io.storecast.contracts.network.StoreChanged;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.TopicProbe;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Dealers, stores and staff through the public API: every test works under its own code prefix. */
class NetworkApiTest extends DistributionServiceTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    MongoTemplate mongo;

    /** A code prefix no other test (or run) uses; upper-case so a lower-case query proves case is ignored. */
    private static String prefix() {
        return "N" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private Http.Response put(String path, Object body) {
        return http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))));
    }

    private Http.Response post(String path) {
        return http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A store body or expected state; nulls kept, so absent optional fields are checked too. */
    private static Map<String, Object> store(String code, String name, String city, Double latitude, Double longitude,
                                             String dealerId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", name);
        m.put("city", city);
        m.put("latitude", latitude);
        m.put("longitude", longitude);
        m.put("dealerId", dealerId);
        return m;
    }

    private static JsonNode state(String id, Map<String, Object> body, boolean active) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.putAll(body);
        m.put("active", active);
        return Http.JSON.valueToTree(m);
    }

    private String dealer(String code, String name) {
        Http.Response r = http().post("/dealers", Map.of("code", code, "name", name));
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String createStore(Map<String, Object> body) {
        Http.Response r = http().post("/stores", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        assertThat(r.json()).isEqualTo(state(id, body, true));
        return id;
    }

    private String staff(String storeId, String name, String shopper) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("shopperCustomerId", shopper);
        Http.Response r = http().post("/stores/" + storeId + "/staff", body);
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get(field).asString()));
        return out;
    }

    private List<String> codes(String query) {
        Http.Response r = http().get(query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return values(r.json(), "code");
    }

    private static void problem(Http.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(field(r)).isEqualTo(field);
    }

    // ---- stores

    @Test
    void stores_are_listed_by_dealer_city_activity_and_code_or_name_prefix_in_code_order_page_by_page() {
        String p = prefix();
        String dealerId = dealer(p + "-D", "East dealer");
        String s3 = createStore(store(p + "-3", "Bund", "Shanghai", 31.24, 121.49, dealerId));
        Map<String, Object> first = store(p + "-1", "Nanjing Road", "Shanghai", 31.2354, 121.4752, dealerId);
        String s1 = createStore(first);
        createStore(store(p + "-2", "Wangfujing", "Beijing", null, null, null));
        // found through its name, not its code
        createStore(store("Z" + p, p + " Flagship", null, null, null, null));

        assertThat(http().get("/stores/" + s1).json()).isEqualTo(state(s1, first, true));
        JsonNode all = http().get("/stores?q=" + p).json();
        assertThat(values(all, "code")).containsExactly(p + "-1", p + "-2", p + "-3", "Z" + p);
        assertThat(all.get("items").get(0)).isEqualTo(state(s1, first, true));
        assertThat(all.get("page").asInt()).isZero();
        assertThat(all.get("size").asInt()).isEqualTo(50);
        assertThat(all.get("total").asLong()).isEqualTo(4);
        assertThat(codes("/stores?q=" + p.toLowerCase(Locale.ROOT))).hasSize(4);
        assertThat(codes("/stores?q=" + p + "-&dealerId=" + dealerId)).containsExactly(p + "-1", p + "-3");
        assertThat(codes("/stores?dealerId=" + dealerId)).containsExactly(p + "-1", p + "-3");
        assertThat(codes("/stores?q=" + p + "&city=Shanghai")).containsExactly(p + "-1", p + "-3");
        assertThat(codes("/stores?q=" + p + "&city=Beijing")).containsExactly(p + "-2");

        assertThat(post("/stores/" + s3 + "/deactivate").json().get("active").asBoolean()).isFalse();
        assertThat(codes("/stores?q=" + p + "&active=false")).containsExactly(p + "-3");
        assertThat(codes("/stores?q=" + p + "&active=true")).containsExactly(p + "-1", p + "-2", "Z" + p);
        assertThat(codes("/stores?q=" + p + "&dealerId=" + dealerId + "&active=true")).containsExactly(p + "-1");

        JsonNode page0 = http().get("/stores?q=" + p + "&size=3&page=0").json();
        assertThat(values(page0, "code")).containsExactly(p + "-1", p + "-2", p + "-3");
        assertThat(page0.get("total").asLong()).isEqualTo(4);
        assertThat(page0.get("size").asInt()).isEqualTo(3);
        JsonNode page1 = http().get("/stores?q=" + p + "&size=3&page=1").json();
        assertThat(values(page1, "code")).containsExactly("Z" + p);
        assertThat(page1.get("page").asInt()).isEqualTo(1);
        assertThat(page1.get("total").asLong()).isEqualTo(4);
        JsonNode beyond = http().get("/stores?q=" + p + "&size=3&page=2").json();
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(4);

        assertThat(TopicProbe.await(Events.STORE_REGISTERED, (StoreRegistered e) -> e.storeId().equals(s1), 1,
                EVENT_TIMEOUT)).singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(s1);
                    assertThat(e.payload().code()).isEqualTo(p + "-1");
                    assertThat(e.payload().name()).isEqualTo("Nanjing Road");
                    assertThat(e.payload().dealerId()).isEqualTo(dealerId);
                    assertThat(e.payload().city()).isEqualTo("Shanghai");
                    assertThat(e.payload().latitude()).isEqualTo(31.2354);
                    assertThat(e.payload().longitude()).isEqualTo(121.4752);
                });
    }

    @Test
    void an_update_replaces_the_whole_store_and_publishes_its_full_state_keyed_by_its_id() {
        String p = prefix();
        String east = dealer(p + "-E", "East dealer");
        String west = dealer(p + "-W", "West dealer");
        String id = createStore(store(p + "-1", "Nanjing Road", "Shanghai", 31.2354, 121.4752, east));
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Map<String, Object> moved = store(p + "-1A", "Chunxi Road", "Chengdu", 30.6570, 104.0800, west);
        Http.Response r = put("/stores/" + id, moved);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(state(id, moved, true));
        assertThat(http().get("/stores/" + id).json()).isEqualTo(state(id, moved, true));

        Map<String, Object> bare = store(p + "-1A", "Chunxi Road", null, null, null, null);
        assertThat(put("/stores/" + id, bare).json()).isEqualTo(state(id, bare, true));
        Instant after = Instant.now();

        var changes = TopicProbe.await(Events.STORE_CHANGED, (StoreChanged e) -> e.storeId().equals(id), 2,
                EVENT_TIMEOUT);
        assertThat(changes).hasSize(2).allSatisfy(e -> {
            assertThat(e.key()).isEqualTo(id);
            assertThat(e.envelope().aggregateId()).isEqualTo(id);
            assertThat(e.envelope().source()).isEqualTo("store-distribution-service");
            assertThat(e.payload().changedAt()).isBetween(before, after);
        });
        assertThat(changes.get(0).payload()).isEqualTo(new StoreChanged(id, p + "-1A", "Chunxi Road", "Chengdu",
                30.6570, 104.0800, west, true, changes.get(0).payload().changedAt()));
        assertThat(changes.get(1).payload()).isEqualTo(new StoreChanged(id, p + "-1A", "Chunxi Road", null,
                null, null, null, true, changes.get(1).payload().changedAt()));
    }

    @Test
    void store_codes_stay_unique_on_create_and_on_update() {
        String p = prefix();
        String a = createStore(store(p + "-A", "Store A", null, null, null, null));
        Map<String, Object> bBody = store(p + "-B", "Store B", null, null, null, null);
        String b = createStore(bBody);

        problem(http().post("/stores", store(p + "-A", "Another A", null, null, null, null)), 409, "code");
        problem(put("/stores/" + b, store(p + "-A", "Store B renamed", null, null, null, null)), 409, "code");
        assertThat(http().get("/stores/" + b).json()).isEqualTo(state(b, bBody, true));
        assertThat(codes("/stores?q=" + p)).containsExactly(p + "-A", p + "-B");

        // keeping one's own code is no clash
        Map<String, Object> renamed = store(p + "-A", "Store A, renamed", null, null, null, null);
        assertThat(put("/stores/" + a, renamed).json()).isEqualTo(state(a, renamed, true));

        // the refused update left no event behind: the only change of B is the one made after it
        assertThat(put("/stores/" + b, store(p + "-B", "Store B, renamed", null, null, null, null)).status())
                .isEqualTo(200);
        assertThat(TopicProbe.await(Events.STORE_CHANGED, (StoreChanged e) -> e.storeId().equals(b), 1,
                EVENT_TIMEOUT)).singleElement().satisfies(e -> assertThat(e.payload().name())
                .isEqualTo("Store B, renamed"));
    }

    @Test
    void coordinates_off_the_globe_or_given_alone_are_refused_naming_the_field() {
        String p = prefix();
        problem(http().post("/stores", store(p + "-1", "X", null, 90.5, 0.0, null)), 422, "latitude");
        problem(http().post("/stores", store(p + "-1", "X", null, -90.01, 0.0, null)), 422, "latitude");
        problem(http().post("/stores", store(p + "-1", "X", null, 0.0, 180.1, null)), 422, "longitude");
        problem(http().post("/stores", store(p + "-1", "X", null, 0.0, -181.0, null)), 422, "longitude");
        problem(http().post("/stores", store(p + "-1", "X", null, 31.2, null, null)), 422, "latitude");
        problem(http().post("/stores", store(p + "-1", "X", null, null, 121.4, null)), 422, "latitude");
        problem(http().post("/stores", "{\"code\":\"" + p + "-1\",\"name\":\"X\",\"latitude\":\"north\","
                + "\"longitude\":1}"), 400, "latitude");
        problem(http().post("/stores", store(p + "-1", " ", null, null, null, null)), 400, "name");
        assertThat(codes("/stores?q=" + p)).isEmpty();

        Map<String, Object> body = store(p + "-2", "Edge of the map", null, -90.0, 180.0, null);
        String id = createStore(body);
        problem(put("/stores/" + id, store(p + "-2", "Edge", null, -91.0, 180.0, null)), 422, "latitude");
        problem(put("/stores/" + id, store(p + "-2", "Edge", null, null, 180.0, null)), 422, "latitude");
        assertThat(http().get("/stores/" + id).json()).isEqualTo(state(id, body, true));
    }

    @Test
    void a_store_joins_only_an_existing_active_dealer_but_keeps_one_deactivated_later() {
        String p = prefix();
        String dealerId = dealer(p + "-D", "Closing dealer");
        Map<String, Object> body = store(p + "-1", "Kept", null, null, null, dealerId);
        String kept = createStore(body);
        String other = createStore(store(p + "-2", "Other", null, null, null, null));
        problem(http().post("/stores", store(p + "-3", "X", null, null, null, "dealer-nope")), 422, "dealerId");

        assertThat(post("/dealers/" + dealerId + "/deactivate").status()).isEqualTo(200);
        problem(http().post("/stores", store(p + "-3", "X", null, null, null, dealerId)), 422, "dealerId");
        problem(put("/stores/" + other, store(p + "-2", "Other", null, null, null, dealerId)), 422, "dealerId");
        Map<String, Object> renamed = store(p + "-1", "Kept, renamed", null, null, null, dealerId);
        assertThat(put("/stores/" + kept, renamed).json()).isEqualTo(state(kept, renamed, true));
    }

    @Test
    void deactivating_and_activating_a_store_twice_answers_200_and_publishes_once_per_real_change() {
        String p = prefix();
        Map<String, Object> body = store(p + "-1", "Nanjing Road", "Shanghai", null, null, null);
        String id = createStore(body);

        for (int i = 0; i < 2; i++) {
            Http.Response r = post("/stores/" + id + "/deactivate");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).isEqualTo(state(id, body, false));
        }
        assertThat(http().get("/stores/" + id).json()).isEqualTo(state(id, body, false));
        // a deactivated store can still be edited, and stays deactivated
        Map<String, Object> renamed = store(p + "-1", "Nanjing Road (closed)", "Shanghai", null, null, null);
        assertThat(put("/stores/" + id, renamed).json()).isEqualTo(state(id, renamed, false));
        for (int i = 0; i < 2; i++) {
            Http.Response r = post("/stores/" + id + "/activate");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).isEqualTo(state(id, renamed, true));
        }
        // a last change after everything else: every event of this store is published before it
        Map<String, Object> reopened = store(p + "-1", "Nanjing Road", "Shanghai", null, null, null);
        assertThat(put("/stores/" + id, reopened).status()).isEqualTo(200);

        var changes = TopicProbe.await(Events.STORE_CHANGED, (StoreChanged e) -> e.storeId().equals(id), 4,
                EVENT_TIMEOUT);
        assertThat(changes).extracting(e -> e.payload().name() + "/" + e.payload().active()).containsExactly(
                "Nanjing Road/false", "Nanjing Road (closed)/false", "Nanjing Road (closed)/true",
                "Nanjing Road/true");
    }

    @Test
    void concurrent_deactivations_of_one_store_publish_exactly_one_change() throws Exception {
        String p = prefix();
        String id = createStore(store(p + "-1", "Busy store", null, null, null, null));
        int n = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return post("/stores/" + id + "/deactivate").status();
                }));
            }
            go.countDown();
            for (Future<Integer> a : answers) {
                assertThat(a.get()).isEqualTo(200);
            }
        }
        assertThat(post("/stores/" + id + "/activate").status()).isEqualTo(200);

        var changes = TopicProbe.await(Events.STORE_CHANGED, (StoreChanged e) -> e.storeId().equals(id), 2,
                EVENT_TIMEOUT);
        assertThat(changes).extracting(e -> e.payload().active()).containsExactly(false, true);
    }

    @Test
    void a_store_written_before_activity_and_versions_existed_is_active_and_can_be_changed() {
        String p = prefix();
        String id = "store-" + UUID.randomUUID();
        mongo.insert(new Document("_id", id).append("code", p + "-OLD").append("name", "Old store")
                .append("dealerId", null).append("registeredAt", new java.util.Date()), "stores");

        Map<String, Object> old = store(p + "-OLD", "Old store", null, null, null, null);
        assertThat(http().get("/stores/" + id).json()).isEqualTo(state(id, old, true));
        assertThat(codes("/stores?q=" + p + "&active=true")).containsExactly(p + "-OLD");
        Map<String, Object> located = store(p + "-OLD", "Old store", "Hangzhou", 30.25, 120.17, null);
        assertThat(put("/stores/" + id, located).json()).isEqualTo(state(id, located, true));
        assertThat(post("/stores/" + id + "/deactivate").json()).isEqualTo(state(id, located, false));

        assertThat(TopicProbe.await(Events.STORE_CHANGED, (StoreChanged e) -> e.storeId().equals(id), 2,
                EVENT_TIMEOUT)).extracting(e -> e.payload().city() + "/" + e.payload().active())
                .containsExactly("Hangzhou/true", "Hangzhou/false");
        assertThat(mongo.findById(id, Document.class, "stores")).containsEntry("version", 2L);
    }

    // ---- dealers

    @Test
    void dealers_are_listed_updated_deactivated_and_activated_with_their_full_state_published() {
        String p = prefix();
        String north = dealer(p + "-1", "North");
        String south = dealer(p + "-2", "South");
        dealer(p + "-3", "West");

        assertThat(codes("/dealers?q=" + p)).containsExactly(p + "-1", p + "-2", p + "-3");
        assertThat(codes("/dealers?q=" + p.toLowerCase(Locale.ROOT) + "-2")).containsExactly(p + "-2");
        for (int i = 0; i < 2; i++) {
            Http.Response r = post("/dealers/" + south + "/deactivate");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).isEqualTo(Http.JSON.valueToTree(Map.of("id", south, "code", p + "-2",
                    "name", "South", "active", false)));
        }
        assertThat(http().get("/dealers/" + south).json().get("active").asBoolean()).isFalse();
        assertThat(codes("/dealers?q=" + p + "&active=false")).containsExactly(p + "-2");
        assertThat(codes("/dealers?q=" + p + "&active=true")).containsExactly(p + "-1", p + "-3");
        JsonNode page = http().get("/dealers?q=" + p + "&size=2&page=1").json();
        assertThat(values(page, "code")).containsExactly(p + "-3");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("page").asInt()).isEqualTo(1);

        Http.Response updated = put("/dealers/" + north, Map.of("code", p + "-1N", "name", "North China"));
        assertThat(updated.status()).isEqualTo(200);
        JsonNode northState = Http.JSON.valueToTree(Map.of("id", north, "code", p + "-1N", "name", "North China",
                "active", true));
        assertThat(updated.json()).isEqualTo(northState);
        assertThat(http().get("/dealers/" + north).json()).isEqualTo(northState);
        problem(put("/dealers/" + north, Map.of("code", p + "-3", "name", "North China")), 409, "code");
        problem(put("/dealers/" + north, Map.of("code", p + "-1N")), 400, "name");

        for (int i = 0; i < 2; i++) {
            assertThat(post("/dealers/" + south + "/activate").json().get("active").asBoolean()).isTrue();
        }
        assertThat(put("/dealers/" + south, Map.of("code", p + "-2", "name", "South China")).status())
                .isEqualTo(200);

        assertThat(TopicProbe.await(Events.DEALER_CHANGED, (DealerChanged e) -> e.dealerId().equals(north), 1,
                EVENT_TIMEOUT)).singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(north);
                    assertThat(e.payload()).isEqualTo(new DealerChanged(north, p + "-1N", "North China", true,
                            e.payload().changedAt()));
                });
        var southChanges = TopicProbe.await(Events.DEALER_CHANGED, (DealerChanged e) -> e.dealerId().equals(south),
                3, EVENT_TIMEOUT);
        assertThat(southChanges).allSatisfy(e -> assertThat(e.key()).isEqualTo(south));
        assertThat(southChanges).extracting(e -> e.payload().name() + "/" + e.payload().active())
                .containsExactly("South/false", "South/true", "South China/true");
    }

    // ---- staff

    @Test
    void staff_are_listed_per_store_updated_deactivated_and_never_moved_to_another_store() {
        String p = prefix();
        String storeA = createStore(store(p + "-A", "Store A", null, null, null, null));
        String storeB = createStore(store(p + "-B", "Store B", null, null, null, null));
        String liNa = staff(storeA, "Li Na", "customer-1");
        String wangWei = staff(storeA, "Wang Wei", null);
        staff(storeA, "Zhao Min", null);
        staff(storeB, "Chen Jie", null);

        JsonNode all = http().get("/stores/" + storeA + "/staff").json();
        assertThat(values(all, "name")).containsExactly("Li Na", "Wang Wei", "Zhao Min");
        assertThat(all.get("total").asLong()).isEqualTo(3);
        Map<String, Object> liNaState = new LinkedHashMap<>();
        liNaState.put("id", liNa);
        liNaState.put("storeId", storeA);
        liNaState.put("name", "Li Na");
        liNaState.put("shopperCustomerId", "customer-1");
        liNaState.put("active", true);
        assertThat(all.get("items").get(0)).isEqualTo(Http.JSON.valueToTree(liNaState));
        JsonNode page = http().get("/stores/" + storeA + "/staff?size=2&page=1").json();
        assertThat(values(page, "name")).containsExactly("Zhao Min");
        assertThat(page.get("total").asLong()).isEqualTo(3);

        Http.Response updated = put("/staff/" + liNa, Map.of("name", "Li Na", "shopperCustomerId", "customer-2"));
        assertThat(updated.status()).isEqualTo(200);
        liNaState.put("shopperCustomerId", "customer-2");
        assertThat(updated.json()).isEqualTo(Http.JSON.valueToTree(liNaState));
        assertThat(http().get("/staff/" + liNa).json()).isEqualTo(Http.JSON.valueToTree(liNaState));
        problem(put("/staff/" + liNa, Map.of("name", "Li Na", "storeId", storeB)), 422, "storeId");
        assertThat(http().get("/staff/" + liNa).json()).isEqualTo(Http.JSON.valueToTree(liNaState));
        // sending back one's own store is fine; leaving out the shopper account clears it
        Http.Response same = put("/staff/" + liNa, Map.of("name", "Li Na (A)", "storeId", storeA));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("shopperCustomerId").isNull()).isTrue();
        assertThat(same.json().get("storeId").asString()).isEqualTo(storeA);

        for (int i = 0; i < 2; i++) {
            Http.Response r = post("/staff/" + wangWei + "/deactivate");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("active").asBoolean()).isFalse();
        }
        assertThat(values(http().get("/stores/" + storeA + "/staff?active=false").json(), "name"))
                .containsExactly("Wang Wei");
        assertThat(values(http().get("/stores/" + storeA + "/staff?active=true").json(), "name"))
                .containsExactly("Li Na (A)", "Zhao Min");
        assertThat(post("/staff/" + wangWei + "/activate").json().get("active").asBoolean()).isTrue();

        var liNaChanges = TopicProbe.await(Events.STAFF_CHANGED, (StaffChanged e) -> e.staffId().equals(liNa), 2,
                EVENT_TIMEOUT);
        assertThat(liNaChanges).allSatisfy(e -> assertThat(e.key()).isEqualTo(liNa));
        assertThat(liNaChanges.get(0).payload()).isEqualTo(new StaffChanged(liNa, storeA, "Li Na", "customer-2",
                true, liNaChanges.get(0).payload().changedAt()));
        assertThat(liNaChanges.get(1).payload()).isEqualTo(new StaffChanged(liNa, storeA, "Li Na (A)", null,
                true, liNaChanges.get(1).payload().changedAt()));
        assertThat(liNaChanges).hasSize(2);
        assertThat(TopicProbe.await(Events.STAFF_CHANGED, (StaffChanged e) -> e.staffId().equals(wangWei), 2,
                EVENT_TIMEOUT)).extracting(e -> e.payload().active()).containsExactly(false, true);
    }

    @Test
    void a_deactivated_store_takes_no_new_staff() {
        String p = prefix();
        String storeId = createStore(store(p + "-1", "Closing", null, null, null, null));
        assertThat(post("/stores/" + storeId + "/deactivate").status()).isEqualTo(200);

        problem(http().post("/stores/" + storeId + "/staff", Map.of("name", "Late hire")), 409, "storeId");
        assertThat(http().get("/stores/" + storeId + "/staff").json().get("total").asLong()).isZero();
    }

    // ---- bad requests

    @Test
    void list_paging_and_filters_are_checked_naming_the_parameter() {
        String storeId = createStore(store(prefix() + "-1", "Any", null, null, null, null));
        for (String path : List.of("/stores", "/dealers", "/stores/" + storeId + "/staff")) {
            problem(http().get(path + "?size=0"), 400, "size");
            problem(http().get(path + "?size=201"), 400, "size");
            problem(http().get(path + "?size=many"), 400, "size");
            problem(http().get(path + "?page=-1"), 400, "page");
            problem(http().get(path + "?active=maybe"), 400, "active");
            assertThat(http().get(path + "?size=200&page=0").status()).isEqualTo(200);
        }
    }

    @Test
    void changing_what_does_not_exist_answers_404() {
        assertThat(put("/stores/store-nope", store("X", "X", null, null, null, null)).status()).isEqualTo(404);
        assertThat(post("/stores/store-nope/deactivate").status()).isEqualTo(404);
        assertThat(put("/dealers/dealer-nope", Map.of("code", "X", "name", "X")).status()).isEqualTo(404);
        assertThat(post("/dealers/dealer-nope/activate").status()).isEqualTo(404);
        assertThat(put("/staff/staff-nope", Map.of("name", "X")).status()).isEqualTo(404);
        assertThat(post("/staff/staff-nope/deactivate").status()).isEqualTo(404);
        assertThat(http().get("/stores/store-nope/staff").status()).isEqualTo(404);
    }
}
