package io.storecast.attribution.domain;

/** What a link code resolves to: its owner and, through the owner, a store and a dealer. */
public record LinkOwner(String code, OwnerType ownerType, String ownerId, String storeId, String dealerId) {

    public enum OwnerType { STORE, STAFF, DEALER }
}
