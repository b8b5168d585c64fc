package io.storecast.loadgen;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How fresh the live leaderboard is while the broadcast's load runs (PRODUCT.md: "fresh within a second"). Once a
 * second a new probe customer follows a probe store's link and joins the session through it, as a customer would;
 * the probe then reads {@code GET /sessions/{id}/leaderboard} every {@value #POLL_MILLIS} ms until the probe store's
 * line counts that click and that viewer. Freshness is the time from the redirect's answer (the click) and from the
 * join's answer (the viewer) to the board showing them. The probe store sells nothing, so the report and the
 * generator's account are untouched.
 */
final class BoardProbe {

    private static final int POLL_MILLIS = 20;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Api distribution;
    private final Api room;
    private final Api attribution;
    private final String sessionId;
    private final String storeId;
    private final String code;
    private final String tag;
    private final Histogram clicks = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    private final Histogram viewers = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    private volatile boolean stopping;
    private int probes;
    private int missed;
    private String failure;

    BoardProbe(Api distribution, Api room, Api attribution, String sessionId, String storeId, String code, String tag) {
        this.distribution = distribution;
        this.room = room;
        this.attribution = attribution;
        this.sessionId = sessionId;
        this.storeId = storeId;
        this.code = code;
        this.tag = tag;
    }

    /**
     * Probes once a second until {@link #stop} (a failing call ends the probing and is reported, not thrown); the
     * probe under way when asked to stop is finished.
     */
    void run() {
        long next = System.nanoTime();
        try {
            while (!stopping) {
                probe(probes + 1);
                probes++;
                next += TimeUnit.SECONDS.toNanos(1);
                long wait;
                while ((wait = next - System.nanoTime()) > 0 && !stopping) {
                    LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
                }
            }
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
    }

    void stop() {
        stopping = true;
    }

    private void probe(int n) {
        String customer = "c-" + tag + "-board-probe-" + n;
        Api.Reply redirect = distribution.get("/l/" + code);
        long clicked = System.nanoTime();
        if (redirect.status() != 302) {
            throw new IllegalStateException("the probe's link answered " + redirect.status());
        }
        room.post("/sessions/" + sessionId + "/join", Map.of("customerId", customer, "ref", ref(redirect)))
                .expect(202);
        long joined = System.nanoTime();
        long clickSeen = 0;
        long viewerSeen = 0;
        while ((clickSeen == 0 || viewerSeen == 0) && System.nanoTime() - joined < GIVE_UP_NANOS) {
            JsonNode line = line();
            long now = System.nanoTime();
            if (clickSeen == 0 && line != null && line.get("clicks").asLong() >= n) {
                clickSeen = now;
                record(clicks, now - clicked);
            }
            if (viewerSeen == 0 && line != null && line.get("uniqueViewers").asLong() >= n) {
                viewerSeen = now;
                record(viewers, now - joined);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        }
        if (clickSeen == 0 || viewerSeen == 0) {
            missed++;
        }
        room.post("/sessions/" + sessionId + "/leave", Map.of("customerId", customer)).expect(202);
    }

    /** The probe store's line on the board, or null while it has none. */
    private JsonNode line() {
        for (JsonNode row : attribution.get("/sessions/" + sessionId + "/leaderboard").expect(200).get("rows")) {
            if (storeId.equals(row.get("storeId").asString())) {
                return row;
            }
        }
        return null;
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(h.getHighestTrackableValue(), nanos / 1_000));
    }

    private static String ref(Api.Reply redirect) {
        for (String kv : URI.create(redirect.header("Location")).getRawQuery().split("&")) {
            if (kv.startsWith("ref=")) {
                return kv.substring(4);
            }
        }
        throw new IllegalStateException("no ref in the probe's redirect");
    }

    void print(PrintStream out) {
        out.printf("  live board freshness under this load, %d probes (from the redirect's or the join's answer to the "
                + "store's line on the board; ms p50 / p99 / max): clicks %s, viewers %s; not on the board within "
                + "10 s: %d%n", probes, figures(clicks), figures(viewers), missed);
        if (failure != null) {
            out.println("  (the board probe stopped early: " + failure + ")");
        }
    }

    private static String figures(Histogram h) {
        return h.getTotalCount() == 0 ? "none seen" : String.format("%.0f / %.0f / %.0f", h.getValueAtPercentile(50)
                / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
    }
}
