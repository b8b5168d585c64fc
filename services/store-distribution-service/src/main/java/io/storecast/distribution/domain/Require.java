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

    /** An optional text: blank means absent, so it is stored and published as null. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** An optional number within {@code min..max} inclusive; null passes. */
    static void within(String field, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw new InvalidFieldException(field, field + " must be between " + (int) min + " and " + (int) max
                    + ", was " + value);
        }
    }
}
