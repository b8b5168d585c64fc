package io.storecast.attribution.web;

import io.storecast.attribution.application.Leaderboards;
import io.storecast.attribution.application.LiveBoards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A session's live per-store leaderboard: JSON, and a Server-Sent Events stream that sends the whole board at once
 * and again whenever it changes (checked four times a second), with a comment every 15 s to keep proxies from
 * closing it. Every instance answers from the leaderboard stream's instance holding the session (or, while none can,
 * the board's copy in Mongo), so a watcher may connect to any of them.
 */
@RestController
public class LeaderboardController implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaderboardController.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Leaderboards boards;
    private final LiveBoards live;
    private final Map<String, List<SseEmitter>> watchers = new ConcurrentHashMap<>();
    private final Map<String, List<Leaderboards.Line>> sent = new ConcurrentHashMap<>();
    private volatile Instant lastKeepAlive = Instant.now();
    private volatile boolean running;

    public LeaderboardController(Leaderboards boards, LiveBoards live) {
        this.boards = boards;
        this.live = live;
    }

    /**
     * The board as the leaderboard stream counts it now, from the instance holding the session; while no instance
     * can answer (a rebalance), its copy in Mongo, at most {@code storecast.leaderboard.write-every-ms} older.
     */
    @GetMapping("/sessions/{sessionId}/leaderboard")
    public Leaderboards.Board board(@PathVariable String sessionId) {
        return live.stores(sessionId).map(rows -> boards.board(sessionId, rows))
                .orElseGet(() -> boards.board(sessionId));
    }

    /** After the broadcast: the funnel per store and per staff member, and the sales of each pinned product's time. */
    @GetMapping("/sessions/{sessionId}/review")
    public Leaderboards.Review review(@PathVariable String sessionId) {
        return boards.review(sessionId);
    }

    /** A store's viewers of the ended session who bought nothing: its follow-up list. */
    @GetMapping("/sessions/{sessionId}/stores/{storeId}/follow-ups")
    public Leaderboards.FollowUps followUps(@PathVariable String sessionId, @PathVariable String storeId) {
        return boards.followUps(sessionId, storeId, live.stores(sessionId));
    }

    @GetMapping(value = "/sessions/{sessionId}/leaderboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(@PathVariable String sessionId) throws IOException {
        SseEmitter emitter = new SseEmitter(Duration.ofHours(6).toMillis());
        // added while the session's list is held, so push cannot drop the list between this finding it and adding
        List<SseEmitter> list = watchers.compute(sessionId, (k, l) -> {
            List<SseEmitter> held = l == null ? new CopyOnWriteArrayList<>() : l;
            held.add(emitter);
            return held;
        });
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        emitter.send(SseEmitter.event().name("leaderboard").data(board(sessionId), MediaType.APPLICATION_JSON));
        return emitter;
    }

    @Scheduled(fixedDelay = 250)
    void push() {
        boolean keepAlive = Duration.between(lastKeepAlive, Instant.now()).compareTo(KEEP_ALIVE) >= 0;
        if (keepAlive) {
            lastKeepAlive = Instant.now();
        }
        watchers.forEach((session, list) -> {
            if (watchers.computeIfPresent(session, (k, l) -> l.isEmpty() ? null : l) == null) {
                sent.remove(session);
                return;
            }
            try {
                Leaderboards.Board board = board(session);
                if (!board.rows().isEmpty() && !board.rows().equals(sent.get(session))) {
                    sent.put(session, board.rows());
                    list.forEach(e -> send(e, list, SseEmitter.event().name("leaderboard").data(board,
                            MediaType.APPLICATION_JSON)));
                } else if (keepAlive) {
                    list.forEach(e -> send(e, list, SseEmitter.event().comment("keep-alive")));
                }
            } catch (RuntimeException e) {
                log.warn("could not push the leaderboard of session {}: {}", session, e.toString());
            }
        });
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every live stream before the web server's graceful shutdown would wait for them to end by themselves. */
    @Override
    public void stop() {
        running = false;
        watchers.values().forEach(list -> list.forEach(SseEmitter::complete));
        watchers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void send(SseEmitter e, List<SseEmitter> list, SseEmitter.SseEventBuilder event) {
        try {
            e.send(event);
        } catch (IOException | IllegalStateException gone) {
            list.remove(e);
        }
    }
}
