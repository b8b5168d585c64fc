package io.storecast.distribution.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.storecast.contracts.Events;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.contracts.rooms.SessionStarted;
import io.storecast.distribution.DistributionServiceTest;
import io.storecast.distribution.application.LinkCommands;
import io.storecast.distribution.application.PosterFacts;
import io.storecast.distribution.application.PosterFacts.Facts;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.TopicProbe;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PosterApiTest extends DistributionServiceTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);
    private static final String STORE_NAME = "南京路旗舰店";

    @Value("${storecast.public-base-url}")
    String publicBaseUrl;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    LinkCommands links;
    @Autowired
    PosterFacts posterFacts;

    @Test
    void the_svg_qr_code_holds_exactly_the_modules_of_the_link_url() throws Exception {
        String code = issue(room("Autumn drop"), null);
        String url = publicBaseUrl + "/l/" + code;

        Http.Response r = http().get("/links/" + code + "/qr.svg");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("image/svg+xml");
        Element svg = parseSvg(r.body());
        assertThat(svg.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getAttribute("width")).isEqualTo("512");
        assertThat(svg.getAttribute("height")).isEqualTo("512");

        BitMatrix expected = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
        int n = expected.getWidth();
        assertThat(svg.getAttribute("viewBox")).isEqualTo("0 0 " + n + " " + n);
        NodeList rects = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        assertThat(rects.getLength()).isEqualTo(1);
        Element background = (Element) rects.item(0);
        assertThat(background.getAttribute("width")).isEqualTo(String.valueOf(n));
        assertThat(background.getAttribute("height")).isEqualTo(String.valueOf(n));
        assertThat(background.getAttribute("fill")).isEqualTo("#ffffff");
        NodeList paths = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path");
        assertThat(paths.getLength()).isEqualTo(1);
        Element path = (Element) paths.item(0);
        assertThat(path.getAttribute("fill")).isEqualTo("#000000");

        Set<String> expectedDark = new HashSet<>();
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (expected.get(x, y)) {
                    expectedDark.add(x + "," + y);
                }
            }
        }
        assertThat(darkModules(path.getAttribute("d"))).isEqualTo(expectedDark);

        Element large = parseSvg(http().get("/links/" + code + "/qr.svg?size=2048").body());
        assertThat(large.getAttribute("width")).isEqualTo("2048");
        assertThat(large.getAttribute("height")).isEqualTo("2048");
        assertThat(large.getAttribute("viewBox")).isEqualTo("0 0 " + n + " " + n);

        for (String bad : List.of("127", "2049", "big")) {
            Http.Response refused = http().get("/links/" + code + "/qr.svg?size=" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(field(refused)).isEqualTo("size");
        }
        Http.Response unknown = http().get("/links/NoSuchCode12/qr.svg");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    }

    /** Cells of a path made only of {@code M x y h w v1 h-w z} runs, one module high. */
    private static Set<String> darkModules(String d) {
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(d);
        Set<String> cells = new HashSet<>();
        int consumed = 0;
        while (run.find()) {
            assertThat(run.start()).isEqualTo(consumed);
            consumed = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int w = Integer.parseInt(run.group(3));
            assertThat(run.group(4)).isEqualTo(run.group(3));
            for (int i = 0; i < w; i++) {
                assertThat(cells.add((x + i) + "," + y)).isTrue();
            }
        }
        assertThat(consumed).isEqualTo(d.length());
        return cells;
    }

    @Test
    void the_poster_is_a4_at_the_requested_width_and_its_qr_code_leads_to_the_link() throws Exception {
        String roomId = room("Double Eleven");
        String sessionId = "sess-" + UUID.randomUUID();
        scheduled(roomId, new SessionScheduled(sessionId, roomId, "双十一狂欢夜 Singles' Day",
                Instant.parse("2026-11-11T12:00:00Z")));
        String code = issue(roomId, sessionId);
        String url = publicBaseUrl + "/l/" + code;

        Http.Response r = http().get("/links/" + code + "/poster.png");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("image/png");
        BufferedImage a4 = ImageIO.read(new ByteArrayInputStream(r.raw().body()));
        assertThat(a4.getWidth()).isEqualTo(1240);
        assertThat(a4.getHeight()).isEqualTo(1754);
        assertThat(decode(a4)).isEqualTo(url);
        assertThat(darkSpan(a4, (int) (1754 * 0.24), (int) (1754 * 0.70))).as("QR code width")
                .isGreaterThanOrEqualTo(1240 / 2);

        // height = round(width x 297 / 210): 600 -> 848.57, 2480 -> 3507.43
        Map<Integer, Integer> heights = Map.of(600, 849, 2480, 3507);
        for (var size : heights.entrySet()) {
            BufferedImage poster = ImageIO.read(new ByteArrayInputStream(
                    http().get("/links/" + code + "/poster.png?width=" + size.getKey()).raw().body()));
            assertThat(poster.getWidth()).isEqualTo(size.getKey());
            assertThat(poster.getHeight()).isEqualTo(size.getValue());
            assertThat(decode(poster)).isEqualTo(url);
        }

        for (String bad : List.of("599", "2481", "wide")) {
            Http.Response refused = http().get("/links/" + code + "/poster.png?width=" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(field(refused)).isEqualTo("width");
        }
        Http.Response unknown = http().get("/links/NoSuchCode12/poster.png");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void the_poster_names_the_store_and_the_links_session_or_else_the_rooms_next_one() {
        String roomId = room("Winter room");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String linked = "sess-" + UUID.randomUUID();
        scheduled(roomId, new SessionScheduled(linked, roomId, "Past special", Instant.parse("2026-11-11T12:00:00Z")));
        scheduled(roomId, new SessionScheduled("sess-" + UUID.randomUUID(), roomId, "Later",
                now.plus(Duration.ofDays(9))));
        scheduled(roomId, new SessionScheduled("sess-" + UUID.randomUUID(), roomId, "Yesterday",
                now.minus(Duration.ofDays(1))));
        scheduled(roomId, new SessionScheduled("sess-" + UUID.randomUUID(), roomId, "Next",
                now.plus(Duration.ofDays(2))));

        Facts ofSession = posterFacts.of(links.link(issue(roomId, linked)));
        assertThat(ofSession).isEqualTo(new Facts(STORE_NAME, "Past special", Instant.parse("2026-11-11T12:00:00Z")));
        assertThat(Posters.START_TIME.format(ofSession.startsAt())).isEqualTo("2026-11-11 20:00");

        assertThat(posterFacts.of(links.link(issue(roomId, null))))
                .isEqualTo(new Facts(STORE_NAME, "Next", now.plus(Duration.ofDays(2))));

        String dealerId = http().post("/dealers", Map.of("code", "D-" + UUID.randomUUID().toString().substring(0, 8),
                "name", "华东经销商")).json().get("id").asString();
        assertThat(posterFacts.of(links.link(issue("DEALER", dealerId, roomId, null))))
                .isEqualTo(new Facts("华东经销商", "Next", now.plus(Duration.ofDays(2))));

        String quietRoom = room("Spring room");
        assertThat(posterFacts.of(links.link(issue(quietRoom, null)))).isEqualTo(new Facts(STORE_NAME, "Spring room",
                null));

        String text = String.join(" ", STORE_NAME, "Next", publicBaseUrl + "/l/AbCdEfGhIjKl", Posters.CALL_TO_ACTION);
        assumeTrue(Arrays.stream(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames())
                .anyMatch(f -> new Font(f, Font.PLAIN, 12).canDisplayUpTo(text) == -1),
                "no installed font shows Chinese (CI installs fonts-wqy-microhei)");
        assertThat(new Font(Posters.fontFamily(text), Font.BOLD, 100).canDisplayUpTo(STORE_NAME)).isEqualTo(-1);
    }

    @Test
    void the_session_view_is_a_whole_value_per_session_and_ignores_duplicates_and_other_room_events() {
        String roomId = room("Session room");
        String sessionId = "sess-" + UUID.randomUUID();
        Instant start = Instant.parse("2099-05-01T11:30:00Z");
        TopicProbe.publishTwice(Events.SESSION_SCHEDULED, roomId, sessionId,
                new SessionScheduled(sessionId, roomId, "Launch night", start));
        TopicProbe.publish(Events.SESSION_STARTED, roomId, sessionId,
                new SessionStarted(sessionId, roomId, Instant.parse("2099-05-01T11:31:00Z")));
        marker(roomId);

        List<Document> views = mongo.find(Query.query(Criteria.where("roomId").is(roomId)), Document.class,
                "sessions");
        assertThat(views).containsExactly(new Document("_id", sessionId).append("roomId", roomId)
                .append("title", "Launch night").append("scheduledStart", Date.from(start)));
    }

    private static Element parseSvg(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }

    /** From the leftmost to the rightmost dark pixel in rows {@code top..bottom}. */
    private static int darkSpan(BufferedImage image, int top, int bottom) {
        int left = image.getWidth();
        int right = -1;
        for (int y = top; y < bottom; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return right - left + 1;
    }

    /**
     * zxing's detector misses ~1.5 % of perfect codes, depending on the pattern (measured on 2,000 random links,
     * whatever the hints); a quarter turn of the same image reads them (1 miss in 4,000), as a phone would.
     */
    private static String decode(BufferedImage image) throws Exception {
        try {
            return read(image);
        } catch (NotFoundException e) {
            BufferedImage turned = new BufferedImage(image.getHeight(), image.getWidth(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    turned.setRGB(image.getHeight() - 1 - y, x, image.getRGB(x, y));
                }
            }
            return read(turned);
        }
    }

    private static String read(BufferedImage image) throws Exception {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels))))
                .getText();
    }

    /** A room as room-service announces it; returns once the room view has it. */
    private String room(String name) {
        String roomId = "room-" + UUID.randomUUID();
        TopicProbe.publish(Events.ROOM_CREATED, roomId, roomId,
                new RoomCreated(roomId, "HQ", null, name, "https://live.example.com/" + roomId, Instant.now()));
        await().atMost(EVENT_TIMEOUT).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(roomId)), "rooms"));
        return roomId;
    }

    /** Publishes a session keyed by its room and returns once it is in the view. */
    private void scheduled(String roomId, SessionScheduled s) {
        TopicProbe.publish(Events.SESSION_SCHEDULED, roomId, s.sessionId(), s);
        await().atMost(EVENT_TIMEOUT).until(() -> mongo.exists(Query.query(Criteria.where("_id")
                .is(s.sessionId())), "sessions"));
    }

    /** A later event on the room's key: once it is in, everything published before it on that key was handled. */
    private void marker(String roomId) {
        String marker = "marker-" + UUID.randomUUID();
        scheduled(roomId, new SessionScheduled(marker, "room-of-" + marker, "marker", Instant.now()));
    }

    /** A store link (to {@code sessionId} when given), retried until the room view knows the room. */
    private String issue(String roomId, String sessionId) {
        String storeId = http().post("/stores", Map.of("code", "S-" + UUID.randomUUID().toString().substring(0, 8),
                "name", STORE_NAME)).json().get("id").asString();
        return issue("STORE", storeId, roomId, sessionId);
    }

    private String issue(String ownerType, String ownerId, String roomId, String sessionId) {
        Map<String, Object> request = new HashMap<>(Map.of("ownerType", ownerType, "ownerId", ownerId,
                "roomId", roomId, "channel", "poster"));
        if (sessionId != null) {
            request.put("sessionId", sessionId);
        }
        Http.Response issued = await().atMost(EVENT_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> http().post("/links", request), r -> r.status() != 422);
        assertThat(issued.status()).isEqualTo(201);
        return issued.json().get("code").asString();
    }
}
