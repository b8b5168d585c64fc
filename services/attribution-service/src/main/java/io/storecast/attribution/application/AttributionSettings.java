package io.storecast.attribution.application;

import io.storecast.attribution.domain.Policy;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;

/** Brand settings: the time zone that defines a period, and the attribution policy in force. */
@ConfigurationProperties("storecast.attribution")
public record AttributionSettings(ZoneId timeZone, int policyVersion, Policy.Model model, int lookbackHours,
                                  Policy.SelfPurchase selfPurchase) {

    public Policy policy() {
        return new Policy(policyVersion, model, lookbackHours, selfPurchase);
    }
}
