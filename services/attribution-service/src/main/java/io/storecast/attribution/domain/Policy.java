package io.storecast.attribution.domain;

/**
 * The brand's attribution policy (PRODUCT.md, Touches and attribution), versioned: every decision records the
 * version it used. {@code protectionDays} and {@code validityDays} apply to {@code BINDING}; {@code validityDays}
 * 0 means a binding never lapses.
 */
public record Policy(int version, Model model, int lookbackHours, int protectionDays, int validityDays,
                     SelfPurchase selfPurchase) {

    public enum Model { LAST_TOUCH, FIRST_TOUCH, BINDING }

    public enum SelfPurchase { DENY, ALLOW }

    public Policy {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        if (model == null || selfPurchase == null) {
            throw new IllegalArgumentException("model and selfPurchase are required");
        }
        if (lookbackHours < 1 || protectionDays < 0 || validityDays < 0) {
            throw new IllegalArgumentException("lookbackHours must be positive, protectionDays and validityDays not "
                    + "negative");
        }
    }

    public static Policy defaults() {
        return new Policy(1, Model.LAST_TOUCH, 72, 15, 90, SelfPurchase.DENY);
    }

    /** The same settings under the next version number. */
    public Policy next(Model model, int lookbackHours, int protectionDays, int validityDays, SelfPurchase selfPurchase) {
        return new Policy(version + 1, model, lookbackHours, protectionDays, validityDays, selfPurchase);
    }
}
