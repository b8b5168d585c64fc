package io.storecast.order.domain;

import io.storecast.platform.problems.InvalidFieldException;

/** One entry of HQ's catalog; {@code price} in minor units (fen). Only the catalog sets prices. */
public record Product(String sku, String name, String category, long price, boolean active) {

    public Product {
        requireText("sku", sku);
        requireText("name", name);
        requireText("category", category);
        if (price < 0) {
            throw new InvalidFieldException("price", "price must be at least 0 fen, was " + price);
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, field + " is required", 400);
        }
    }
}
