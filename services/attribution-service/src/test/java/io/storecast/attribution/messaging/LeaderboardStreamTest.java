package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.attribution.domain.BoardRow;
import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.rooms.SessionEnded;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.contracts.rooms.SessionStarted;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leaderboard's topology on Kafka Streams' test driver: a ref is resolved to its store through the links' global
 * store where the fact is read; a fact whose link comes later waits for it, one naming no link for ten minutes is
 * dropped (its link, should it appear later, does not bring it back); a click on a room's link counts for the room's
 * live session; a dealer's link counts for no store.
 */
class LeaderboardStreamTest {

    private static final String APP = "attribution-service";
    private static final Instant T0 = Instant.parse("2026-06-25T12:00:00Z");

    private final Map<String, BoardCounter.Snapshot> written = new HashMap<>();
    private final Map<String, Map<String, List<String>>> followUps = new HashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> links;
    private TestInputTopic<String, byte[]> presence;
    private TestInputTopic<String, byte[]> clicks;
    private TestInputTopic<String, byte[]> rooms;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "leaderboard-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        BoardCounter.Sink sink = new BoardCounter.Sink() {
            @Override
            public void board(BoardCounter.Snapshot s) {
                written.put(s.sessionId(), s);
            }

            @Override
            public void followUps(String sessionId, Map<String, List<String>> viewersWhoDidNotBuy) {
                followUps.put(sessionId, viewersWhoDidNotBuy);
            }
        };
        driver = new TopologyTestDriver(LeaderboardStream.topology(APP, new EventReader(meters), sink,
                Duration.ofSeconds(1), new DeadLetters(APP + "-leaderboard", meters)), p, T0);
        links = driver.createInputTopic(Topics.LINKS, new StringSerializer(), new ByteArraySerializer());
        presence = driver.createInputTopic(Topics.PRESENCE, new StringSerializer(), new ByteArraySerializer());
        clicks = driver.createInputTopic(Topics.LINK_CLICKS, new StringSerializer(), new ByteArraySerializer());
        rooms = driver.createInputTopic(Topics.ROOMS, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void each_fact_counts_for_the_store_its_link_names_once_the_link_is_known() {
        send(links, "A", Events.LINK_ISSUED, new LinkIssued("A", "STORE", "sa", "sa", null, "r1", "s1", "poster", T0,
                null));
        send(links, "B", Events.LINK_ISSUED, new LinkIssued("B", "STAFF", "stb", "sb", null, "r1", null, "wechat",
                T0, null));
        send(links, "D", Events.LINK_ISSUED, new LinkIssued("D", "DEALER", "d1", null, "d1", "r1", null, "moments",
                T0, null));
        send(links, "L2", Events.LINK_ISSUED, new LinkIssued("L2", "STORE", "sb", "sb", null, "r1", null, "moments",
                T0, null));
        send(rooms, "r1", Events.SESSION_SCHEDULED, new SessionScheduled("s1", "r1", "Live", T0));
        send(rooms, "r1", Events.SESSION_STARTED, new SessionStarted("s1", "r1", T0));
        send(presence, "c1", Events.VIEWER_JOINED, new ViewerJoined("s1", "r1", "c1", "A", T0));
        send(presence, "c1", Events.VIEWER_JOINED, new ViewerJoined("s1", "r1", "c1", "A", T0));   // once per viewer
        send(presence, "c2", Events.VIEWER_JOINED, new ViewerJoined("s1", "r1", "c2", "D", T0));   // a dealer's link
        send(clicks, "B", Events.LINK_CLICKED, new LinkClicked("k1", "B", "v1", "ua", "h", T0));     // the whole room's
        send(clicks, "B", Events.LINK_CLICKED, new LinkClicked("k1", "B", "v1", "ua", "h", T0));     // once per click
        // a visitor once per link per hour: v1 again in the same hour, not; v2, and v1 in the next hour, each once
        send(clicks, "B", Events.LINK_CLICKED, new LinkClicked("k2", "B", "v1", "ua", "h", T0.plusSeconds(600)));
        send(clicks, "B", Events.LINK_CLICKED, new LinkClicked("k3", "B", "v2", "ua", "h", T0.plusSeconds(600)));
        send(clicks, "B", Events.LINK_CLICKED, new LinkClicked("k4", "B", "v1", "ua", "h", T0.plusSeconds(3_600)));
        // a viewer who came through the store's link and then through its staff member's counts once for each
        send(presence, "c5", Events.VIEWER_JOINED, new ViewerJoined("s1", "r1", "c5", "L2", T0));
        send(presence, "c5", Events.VIEWER_JOINED, new ViewerJoined("s1", "r1", "c5", "B", T0));
        // L is issued after the join that names it; X names no link of ours and is issued only after ten minutes
        send(presence, "c3", Events.VIEWER_JOINED, new ViewerJoined("s1", "r1", "c3", "L", T0));
        send(presence, "c4", Events.VIEWER_JOINED, new ViewerJoined("s1", "r1", "c4", "X", T0));
        send(links, "L", Events.LINK_ISSUED, new LinkIssued("L", "STORE", "sb", "sb", null, "r1", null, "poster", T0,
                null));
        driver.advanceWallClockTime(Duration.ofSeconds(1));      // the waiting join is tried again and forwarded
        driver.advanceWallClockTime(Duration.ofSeconds(1));      // then the board is written

        assertThat(lines("s1")).containsExactlyInAnyOrder("sa 0 1", "sb 3 2", "stb 3 1");

        driver.advanceWallClockTime(Duration.ofMinutes(11));
        send(links, "X", Events.LINK_ISSUED, new LinkIssued("X", "STORE", "sa", "sa", null, "r1", "s1", "poster",
                T0.plus(Duration.ofMinutes(11)), null));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(lines("s1")).containsExactlyInAnyOrder("sa 0 1", "sb 3 2", "stb 3 1");
    }

    /**
     * A session scheduled while another is live, or before the other went live, is the room's current one once that
     * ends: its promotion's clicks.
     */
    @Test
    void a_session_scheduled_during_a_live_one_takes_the_rooms_clicks_once_that_ends() {
        roomLink("R", "r1", "sa");
        send(rooms, "r1", Events.SESSION_SCHEDULED, new SessionScheduled("s1", "r1", "Live", T0));
        send(rooms, "r1", Events.SESSION_STARTED, new SessionStarted("s1", "r1", T0));
        send(rooms, "r1", Events.SESSION_SCHEDULED, new SessionScheduled("s2", "r1", "Next week",
                T0.plusSeconds(7 * 86_400)));
        clickBeforeAndAfterTheEnd("R", "r1", "s1");

        assertThat(lines("s1")).containsExactly("sa 1 0");
        assertThat(lines("s2")).containsExactly("sa 1 0");

        // and one scheduled before the next goes live: r2 schedules s3 this week and s4 next week, then s3 runs
        roomLink("R2", "r2", "sb");
        send(rooms, "r2", Events.SESSION_SCHEDULED, new SessionScheduled("s3", "r2", "This week", T0));
        send(rooms, "r2", Events.SESSION_SCHEDULED, new SessionScheduled("s4", "r2", "Next week",
                T0.plusSeconds(7 * 86_400)));
        send(rooms, "r2", Events.SESSION_STARTED, new SessionStarted("s3", "r2", T0));
        clickBeforeAndAfterTheEnd("R2", "r2", "s3");

        assertThat(lines("s3")).containsExactly("sb 1 0");
        assertThat(lines("s4")).containsExactly("sb 1 0");
    }

    /** A store's link to the whole room. */
    private void roomLink(String code, String room, String store) {
        send(links, code, Events.LINK_ISSUED, new LinkIssued(code, "STORE", store, store, null, room, null, "poster",
                T0, null));
    }

    /** A click on the room's link while {@code live} runs, its end, and another visitor's click after it. */
    private void clickBeforeAndAfterTheEnd(String code, String room, String live) {
        send(clicks, code, Events.LINK_CLICKED, new LinkClicked(code + "-k1", code, code + "-v1", "ua", "h", T0));
        send(rooms, room, Events.SESSION_ENDED, new SessionEnded(live, room, T0.plusSeconds(3_600)));
        send(clicks, code, Events.LINK_CLICKED, new LinkClicked(code + "-k2", code, code + "-v2", "ua", "h", T0));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    /**
     * A paid order credited to no store (the decision stream's fact names none) counts on no store's line, but sells
     * in its pinned product's segment, and its buyer is on no store's follow-up list; one moved from a store to none by
     * HQ's adjustment leaves the store's line and stays in its segment. One placed while nothing was pinned counts as
     * such until a pin that covers it arrives.
     */
    @Test
    void an_order_credited_to_no_store_sells_in_its_segment_and_its_buyer_is_no_follow_up_and_unpinned_sales_count() {
        var facts = driver.createInputTopic(LeaderboardStream.internal(APP, "by-session"), new StringSerializer(),
                new ByteArraySerializer());
        long t0 = T0.toEpochMilli();
        java.util.function.Consumer<BoardFact> send = f -> facts.pipeInput(f.sessionId(), f.encode(), T0);
        send.accept(new BoardFact('S', "s1", "r1", null, null, null, null, "sku-1", 0, t0));
        send.accept(new BoardFact('V', "s1", "r1", null, "sa", null, "c1", "c1", 0, t0));
        send.accept(new BoardFact('V', "s1", "r1", null, "sa", null, "c2", "c2", 0, t0));
        send.accept(new BoardFact('V', "s1", "r1", null, "sa", null, "c3", "c3", 0, t0));
        // c1 paid, credited to no store (a dealer's binding, say); c3 paid, credited to sa, then moved to none by HQ
        send.accept(new BoardFact('P', "s1", null, null, null, null, "c1", "o1", 5_000, t0 + 1_000));
        send.accept(new BoardFact('P', "s1", null, null, "sa", null, "c3", "o3", 7_000, t0 + 2_000));
        send.accept(new BoardFact('P', "s1", null, null, "sa", null, "c3", "o3", -7_000, t0 + 2_000));
        send.accept(new BoardFact('P', "s1", null, null, null, null, "c3", "o3", 7_000, t0 + 2_000));
        // o4 placed before the first pin (t0): sold while nothing was pinned
        send.accept(new BoardFact('P', "s1", null, null, "sa", null, "c2", "o4", 3_000, t0 - 5_000));
        send.accept(new BoardFact('E', "s1", "r1", null, null, null, null, "end", 0, t0 + 60_000));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        BoardCounter.Snapshot board = written.get("s1");
        assertThat(board.stores()).extracting(r -> r.id() + " " + r.uniqueViewers() + " " + r.paidOrders() + " "
                + r.paidGmv()).containsExactly("sa 3 1 3000");
        assertThat(board.segments()).extracting(x -> x.sku() + " " + x.paidOrders() + " " + x.paidGmv())
                .containsExactly("sku-1 2 12000");
        assertThat(board.unpinned()).isEqualTo(new BoardCounter.Unpinned(1, 3_000));
        assertThat(followUps.get("s1")).isEqualTo(Map.of("sa", List.of()));

        // a pin that comes late, at t0 - 10 s, takes o4 into its segment, and the sales are summed again
        send.accept(new BoardFact('S', "s1", "r1", null, null, null, null, "sku-0", 0, t0 - 10_000));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        board = written.get("s1");
        assertThat(board.segments()).extracting(x -> x.sku() + " " + x.paidOrders() + " " + x.paidGmv())
                .containsExactly("sku-0 1 3000", "sku-1 2 12000");
        assertThat(board.unpinned()).isEqualTo(new BoardCounter.Unpinned(0, 0));
    }

    /**
     * The board reads only the types it counts: a departure (half the presence topic under a broadcast) is passed by
     * unread — this one could not be read — while an unreadable join goes to the stream's dead-letter topic.
     */
    @Test
    void departures_are_passed_by_unread_and_an_unreadable_join_is_dead_lettered() {
        byte[] unreadable = "{not json".getBytes(StandardCharsets.UTF_8);
        presence.pipeInput(new TestRecord<>("c8", unreadable, StreamInput.headers(Events.VIEWER_LEFT, "c8", T0), T0));
        presence.pipeInput(new TestRecord<>("c9", unreadable, StreamInput.headers(Events.VIEWER_JOINED, "c9", T0), T0));

        String deadLetters = Topics.deadLetter(Topics.PRESENCE, APP + "-leaderboard");
        var dead = driver.createOutputTopic(deadLetters, new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList();
        assertThat(dead).extracting(kv -> kv.key).containsExactly("c9");
        // counted for the topic and the dead-letter topic it went to (the decision stream has another for presence)
        assertThat(meters.get("storecast.events.dead-lettered").tags("topic", Topics.PRESENCE, "dlt", deadLetters)
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.get("storecast.events.dead-lettered").tags("topic", Topics.ORDERS).counter().count())
                .isEqualTo(0.0);
    }

    /** Each line of the session's last written board: {@code id clicks uniqueViewers}, stores and staff. */
    private List<String> lines(String session) {
        BoardCounter.Snapshot s = written.get(session);
        assertThat(s).as("a board written for " + session).isNotNull();
        return java.util.stream.Stream.concat(s.stores().stream(), s.staff().stream())
                .map((BoardRow r) -> r.id() + " " + r.clicks() + " " + r.uniqueViewers()).toList();
    }

    private static <T> void send(TestInputTopic<String, byte[]> topic, String key, EventType<T> type, T payload) {
        StreamInput.send(topic, key, type, payload, T0);
    }
}
