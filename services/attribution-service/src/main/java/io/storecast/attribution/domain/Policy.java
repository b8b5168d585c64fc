package io.storecast.attribution.domain;

/**
 * The brand's attribution policy, versioned; every decision records the version it used.
 * This release implements {@code LAST_TOUCH} and {@code FIRST_TOUCH}.
 */
public record Policy(int version, Model model, int lookbackHours, SelfPurchase selfPurchase) {

    public enum Model { LAST_TOUCH, FIRST_TOUCH }

    public enum SelfPurchase { DENY, ALLOW }

    public static Policy defaults() {
        return new Policy(1, Model.LAST_TOUCH, 72, SelfPurchase.DENY);
    }
}
