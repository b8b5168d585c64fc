package io.storecast.distribution.domain;

/** A store; {@code dealerId} is null for a store HQ runs directly. {@code code} is unique. */
public record Store(String id, String code, String name, String dealerId) {

    public Store {
        Require.text("code", code);
        Require.text("name", name);
    }
}
