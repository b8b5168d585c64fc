package io.storecast.distribution.domain;

/** A sales staff member of one store; {@code shopperCustomerId} is their own customer account, if known. */
public record Staff(String id, String storeId, String name, String shopperCustomerId) {

    public Staff {
        Require.text("name", name);
    }
}
