package io.storecast.distribution.domain;

import io.storecast.platform.problems.InvalidFieldException;

/**
 * A store; {@code dealerId} is null for a store HQ runs directly. {@code code} is unique. City and
 * coordinates are optional; latitude and longitude come together or not at all.
 */
public record Store(String id, String code, String name, String city, Double latitude, Double longitude,
                    String dealerId, boolean active) {

    public Store {
        Require.text("code", code);
        Require.text("name", name);
        city = Require.optional(city);
        dealerId = Require.optional(dealerId);
        Require.within("latitude", latitude, -90, 90);
        Require.within("longitude", longitude, -180, 180);
        if ((latitude == null) != (longitude == null)) {
            throw new InvalidFieldException("latitude", "latitude and longitude go together: give both or neither");
        }
    }

    public static Store open(String id, String code, String name, String city, Double latitude, Double longitude,
                             String dealerId) {
        return new Store(id, code, name, city, latitude, longitude, dealerId, true);
    }

    /** Replaces everything but the id and the active flag; a deactivated store can be edited and stays so. */
    public Store edit(String code, String name, String city, Double latitude, Double longitude, String dealerId) {
        return new Store(id, code, name, city, latitude, longitude, dealerId, active);
    }

    public Store deactivate() {
        return new Store(id, code, name, city, latitude, longitude, dealerId, false);
    }

    public Store activate() {
        return new Store(id, code, name, city, latitude, longitude, dealerId, true);
    }
}
