package io.storecast.distribution.domain;

/** A dealer: owns stores and earns the override on their traffic. {@code code} is unique. */
public record Dealer(String id, String code, String name) {

    public Dealer {
        Require.text("code", code);
        Require.text("name", name);
    }
}
