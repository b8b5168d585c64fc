package io.storecast.attribution.application;

import io.storecast.attribution.domain.Policy;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;

/**
 * Brand settings: the time zone that defines a period, and the attribution policy that version 1 starts with
 * (HQ changes it through the API afterwards; see {@link Policies}).
 */
@ConfigurationProperties("storecast.attribution")
public record AttributionSettings(ZoneId timeZone, Policy.Model model, int lookbackHours, int protectionDays,
                                  int validityDays, Policy.SelfPurchase selfPurchase) {

    public Policy initialPolicy() {
        return new Policy(1, model, lookbackHours, protectionDays, validityDays, selfPurchase);
    }
}
