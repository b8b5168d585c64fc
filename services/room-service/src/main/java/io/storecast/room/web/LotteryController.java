package io.storecast.room.web;

import io.storecast.room.application.Lotteries;
import io.storecast.room.domain.Lottery;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Lotteries: announced with their seed's hash, drawn once, checkable by anyone. */
@RestController
public class LotteryController {

    private final Lotteries lotteries;

    public LotteryController(Lotteries lotteries) {
        this.lotteries = lotteries;
    }

    public record CreateLottery(@NotBlank @Size(max = 200) String prize,
                                @NotNull @Min(1) @Max(Lottery.MAX_WINNERS) Integer winners,
                                @NotNull Lottery.Eligibility eligibility) {
    }

    public record Verify(@NotBlank @Size(max = 200) String seed, @NotNull List<@NotBlank String> eligible,
                         @NotNull @Min(1) @Max(Lottery.MAX_WINNERS) Integer winners) {
    }

    public record Verified(String seedHash, int eligibleCount, String eligibleHash, List<String> winners) {
    }

    /** A lottery as anyone may see it: the seed only once it is drawn. */
    public record LotteryView(String id, String sessionId, String prize, int winners, Lottery.Eligibility eligibility,
                              String seedHash, Instant createdAt, String status, String seed, Integer eligibleCount,
                              String eligibleHash, List<String> drawnWinners, Instant drawnAt) {
        static LotteryView of(Lottery l) {
            Lottery.Draw d = l.draw();
            return new LotteryView(l.id(), l.sessionId(), l.prize(), l.winners(), l.eligibility(), l.seedHash(),
                    l.createdAt(), d == null ? "OPEN" : "DRAWN", d == null ? null : l.seed(),
                    d == null ? null : d.eligibleCount(), d == null ? null : d.eligibleHash(),
                    d == null ? null : d.winners(), d == null ? null : d.drawnAt());
        }
    }

    @PostMapping("/sessions/{sessionId}/lotteries")
    @ResponseStatus(HttpStatus.CREATED)
    public LotteryView create(@PathVariable String sessionId, @Valid @RequestBody CreateLottery c) {
        return LotteryView.of(lotteries.create(sessionId, c.prize(), c.winners(), c.eligibility()));
    }

    @GetMapping("/sessions/{sessionId}/lotteries")
    public List<LotteryView> ofSession(@PathVariable String sessionId) {
        return lotteries.ofSession(sessionId).stream().map(LotteryView::of).toList();
    }

    @GetMapping("/lotteries/{lotteryId}")
    public LotteryView lottery(@PathVariable String lotteryId) {
        return LotteryView.of(lotteries.lottery(lotteryId));
    }

    @PostMapping("/lotteries/{lotteryId}/draw")
    public LotteryView draw(@PathVariable String lotteryId) {
        return LotteryView.of(lotteries.draw(lotteryId));
    }

    /** The eligible customers of a drawn lottery, one per line, sorted: its SHA-256 is {@code eligibleHash}. */
    @GetMapping(value = "/lotteries/{lotteryId}/eligible", produces = MediaType.TEXT_PLAIN_VALUE)
    public String eligible(@PathVariable String lotteryId) {
        return String.join("\n", lotteries.eligible(lotteryId));
    }

    /** Repeats a draw from a seed and an eligible list, for anyone checking a published result. */
    @PostMapping("/lotteries/verify")
    public Verified verify(@Valid @RequestBody Verify v) {
        List<String> sorted = List.copyOf(new java.util.TreeSet<>(v.eligible()));
        return new Verified(Lottery.seedHash(v.seed()), sorted.size(), Lottery.listHash(sorted),
                Lottery.draw(v.seed(), sorted, v.winners()));
    }
}
