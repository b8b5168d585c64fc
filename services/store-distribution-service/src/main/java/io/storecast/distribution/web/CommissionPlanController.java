package io.storecast.distribution.web;

import io.storecast.distribution.application.CommissionPlans;
import io.storecast.distribution.domain.CommissionPlan;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@RestController
public class CommissionPlanController {

    private final CommissionPlans plans;

    public CommissionPlanController(CommissionPlans plans) {
        this.plans = plans;
    }

    /** Ranges and sums are domain rules (422 naming e.g. {@code rates.*.trafficBps}); only presence is checked here. */
    public record PublishPlan(@NotNull Instant effectiveFrom, String currency,
                              @NotNull Map<String, @NotNull @Valid CategoryRates> rates) {
    }

    public record CategoryRates(@NotNull Integer trafficBps, @NotNull Integer staffBonusBps,
                                @NotNull Integer dealerOverrideBps, @NotNull Integer fulfilmentBps) {
    }

    @PostMapping("/commission-plans")
    @ResponseStatus(HttpStatus.CREATED)
    public CommissionPlan publish(@Valid @RequestBody PublishPlan p) {
        Map<String, CommissionPlan.Rates> rates = new LinkedHashMap<>();
        p.rates().forEach((category, r) -> rates.put(category, new CommissionPlan.Rates(r.trafficBps(),
                r.staffBonusBps(), r.dealerOverrideBps(), r.fulfilmentBps())));
        return plans.publish(p.effectiveFrom(), p.currency(), rates);
    }

    @GetMapping("/commission-plans")
    public List<CommissionPlan> plans() {
        return plans.all();
    }
}
