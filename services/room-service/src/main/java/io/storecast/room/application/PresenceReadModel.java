package io.storecast.room.application;

import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.Lottery;
import io.storecast.room.domain.Viewer;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Each viewer's presence and watch time, and who may win a lottery, from the presence stream's own stores
 * ({@link ViewerStates}): a join costs no database write at all. The counts are {@link SessionCounts}.
 */
@Service
public class PresenceReadModel {

    /** One viewer's presence and watch time now. */
    public record ViewerView(String sessionId, String customerId, boolean present, long watchedSeconds,
                             List<String> refs) {
    }

    private final ViewerStates viewers;
    private final LinkDirectory links;
    private final Clock clock;

    public PresenceReadModel(ViewerStates viewers, LinkDirectory links, Clock clock) {
        this.viewers = viewers;
        this.links = links;
        this.clock = clock;
    }

    public ViewerView viewer(BroadcastSession session, String customerId) {
        return viewers.viewer(session.id(), customerId).map(v -> new ViewerView(session.id(), customerId,
                        v.present() && session.status() == BroadcastSession.Status.LIVE,
                        v.watchedSeconds(clock.instant(), session.endedAt()), v.refs()))
                .orElse(new ViewerView(session.id(), customerId, false, 0, List.of()));
    }

    /** The customers a lottery may draw from: present now, and for store-link lotteries came through one. */
    public List<String> eligible(String sessionId, Lottery.Eligibility eligibility) {
        List<Viewer> present = viewers.present(sessionId);
        if (eligibility == Lottery.Eligibility.ALL_VIEWERS) {
            return present.stream().map(Viewer::customerId).toList();
        }
        Set<String> refs = new HashSet<>();
        present.forEach(v -> refs.addAll(v.refs()));
        Set<String> storeCodes = links.storeLinkCodes(refs);
        return present.stream().filter(v -> v.refs().stream().anyMatch(storeCodes::contains))
                .map(Viewer::customerId).toList();
    }
}
