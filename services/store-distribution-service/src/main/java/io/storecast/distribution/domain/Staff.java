package io.storecast.distribution.domain;

import io.storecast.platform.problems.InvalidFieldException;

/**
 * A sales staff member of one store, for good: a staff member never moves to another store.
 * {@code shopperCustomerId} is their own customer account, if known (the self-purchase rule uses it).
 */
public record Staff(String id, String storeId, String name, String shopperCustomerId, boolean active) {

    public Staff {
        Require.text("storeId", storeId);
        Require.text("name", name);
        shopperCustomerId = Require.optional(shopperCustomerId);
    }

    public static Staff hire(String id, String storeId, String name, String shopperCustomerId) {
        return new Staff(id, storeId, name, shopperCustomerId, true);
    }

    /**
     * Replaces the name and the shopper account. {@code storeId} may be given (or left null) but must
     * be the store the staff member already belongs to.
     */
    public Staff edit(String storeId, String name, String shopperCustomerId) {
        String store = Require.optional(storeId);
        if (store != null && !store.equals(this.storeId)) {
            throw new InvalidFieldException("storeId", "a staff member cannot move to another store; register them"
                    + " at " + store + " as a new staff member");
        }
        return new Staff(id, this.storeId, name, shopperCustomerId, active);
    }

    public Staff deactivate() {
        return new Staff(id, storeId, name, shopperCustomerId, false);
    }

    public Staff activate() {
        return new Staff(id, storeId, name, shopperCustomerId, true);
    }
}
