package io.storecast.distribution.domain;

import io.storecast.platform.problems.InvalidFieldException;

final class Require {

    private Require() {
    }

    static void text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, field + " is required", 400);
        }
    }
}
