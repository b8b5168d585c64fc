package io.storecast.attribution.web;

import io.storecast.attribution.application.Access;
import io.storecast.attribution.application.Leaderboards;
import io.storecast.attribution.application.LiveBoards;
import io.storecast.attribution.domain.LedgerEntry.BeneficiaryType;
import io.storecast.platform.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A session's live per-store leaderboard: JSON, and a Server-Sent Events stream that sends the whole board at once
 * and again whenever it changes (checked four times a second), with a comment every 15 s to keep proxies from
 * closing it. Every instance answers from the leaderboard stream's instance holding the session (or, while none can,
 * the board's copy in Mongo), so a watcher may connect to any of them. HQ and finance see every store's line; a
 * dealer, its stores' lines; a store or a staff member, their store's line ({@link Access}).
 */
@RestController
public class LeaderboardController implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaderboardController.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Leaderboards boards;
    private final LiveBoards live;
    private final Access access;
    private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private volatile Instant lastKeepAlive = Instant.now();
    private volatile boolean running;

    /** A stream's emitter, the stores its caller may see (null: all), and the lines last sent to it. */
    private record Watcher(SseEmitter emitter, Predicate<String> sees, AtomicReference<List<Leaderboards.Line>> sent) {
    }

    public LeaderboardController(Leaderboards boards, LiveBoards live, Access access) {
        this.boards = boards;
        this.live = live;
        this.access = access;
    }

    /**
     * The board as the leaderboard stream counts it now, from the instance holding the session; while no instance
     * can answer (a rebalance), its copy in Mongo, at most {@code storecast.leaderboard.write-every-ms} older.
     */
    @GetMapping("/sessions/{sessionId}/leaderboard")
    public Leaderboards.Board board(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId) {
        return seen(board(sessionId), sees(caller));
    }

    private Leaderboards.Board board(String sessionId) {
        return live.stores(sessionId).map(rows -> boards.board(sessionId, rows))
                .orElseGet(() -> boards.board(sessionId));
    }

    /**
     * After the broadcast: the funnel per store and per staff member, and the sales of each pinned product's time
     * (the segments and the unpinned sales, the whole session's, for HQ and finance only).
     */
    @GetMapping("/sessions/{sessionId}/review")
    public Leaderboards.Review review(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId) {
        Leaderboards.Review r = boards.review(sessionId);
        if (caller.seesAll()) {
            return r;
        }
        return new Leaderboards.Review(r.sessionId(), r.endedAt(),
                r.stores().stream().filter(l -> access.seesStoreWork(caller, l.storeId())).toList(),
                r.staff().stream().filter(l -> access.seesMoney(caller, BeneficiaryType.STAFF, l.staffId())).toList(),
                List.of(), null);
    }

    /** A store's viewers of the ended session who bought nothing: its follow-up list. */
    @GetMapping("/sessions/{sessionId}/stores/{storeId}/follow-ups")
    public Leaderboards.FollowUps followUps(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId,
                                            @PathVariable String storeId) {
        access.requireStoreWork(caller, storeId, "storeId");
        return boards.followUps(sessionId, storeId, live.stores(sessionId));
    }

    @GetMapping(value = "/sessions/{sessionId}/leaderboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId)
            throws IOException {
        SseEmitter emitter = new SseEmitter(Duration.ofHours(6).toMillis());
        Leaderboards.Board first = seen(board(sessionId), sees(caller));
        Watcher w = new Watcher(emitter, sees(caller), new AtomicReference<>(first.rows()));
        // added while the session's list is held, so push cannot drop the list between this finding it and adding
        List<Watcher> list = watchers.compute(sessionId, (k, l) -> {
            List<Watcher> held = l == null ? new CopyOnWriteArrayList<>() : l;
            held.add(w);
            return held;
        });
        Runnable remove = () -> list.remove(w);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        emitter.send(SseEmitter.event().name("leaderboard").data(first, MediaType.APPLICATION_JSON));
        return emitter;
    }

    /** The stores whose lines the caller may see; null when it sees every line. */
    private Predicate<String> sees(Caller caller) {
        return caller.seesAll() ? null : store -> access.seesStoreWork(caller, store);
    }

    /** The board as a caller sees it: the same board for HQ and finance, not a copy at every push. */
    private static Leaderboards.Board seen(Leaderboards.Board b, Predicate<String> sees) {
        return sees == null ? b : new Leaderboards.Board(b.sessionId(), b.updatedAt(),
                b.rows().stream().filter(l -> sees.test(l.storeId())).toList());
    }

    @Scheduled(fixedDelay = 250)
    void push() {
        boolean keepAlive = Duration.between(lastKeepAlive, Instant.now()).compareTo(KEEP_ALIVE) >= 0;
        if (keepAlive) {
            lastKeepAlive = Instant.now();
        }
        watchers.forEach((session, list) -> {
            if (watchers.computeIfPresent(session, (k, l) -> l.isEmpty() ? null : l) == null) {
                return;
            }
            try {
                Leaderboards.Board board = board(session);
                for (Watcher w : list) {
                    Leaderboards.Board seen = seen(board, w.sees());
                    if (!seen.rows().isEmpty() && !seen.rows().equals(w.sent().get())) {
                        w.sent().set(seen.rows());
                        send(w, list, SseEmitter.event().name("leaderboard").data(seen, MediaType.APPLICATION_JSON));
                    } else if (keepAlive) {
                        send(w, list, SseEmitter.event().comment("keep-alive"));
                    }
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
        watchers.values().forEach(list -> list.forEach(w -> w.emitter().complete()));
        watchers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void send(Watcher w, List<Watcher> list, SseEmitter.SseEventBuilder event) {
        try {
            w.emitter().send(event);
        } catch (IOException | IllegalStateException gone) {
            list.remove(w);
        }
    }
}
