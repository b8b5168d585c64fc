package io.storecast.distribution.domain;

/** A dealer: owns stores and earns the override on their traffic. {@code code} is unique. */
public record Dealer(String id, String code, String name, boolean active) {

    public Dealer {
        Require.text("code", code);
        Require.text("name", name);
    }

    public static Dealer register(String id, String code, String name) {
        return new Dealer(id, code, name, true);
    }

    /** New code and name; a deactivated dealer can be edited and stays deactivated. */
    public Dealer edit(String code, String name) {
        return new Dealer(id, code, name, active);
    }

    public Dealer deactivate() {
        return new Dealer(id, code, name, false);
    }

    public Dealer activate() {
        return new Dealer(id, code, name, true);
    }
}
