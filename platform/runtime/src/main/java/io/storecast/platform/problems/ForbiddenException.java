package io.storecast.platform.problems;

/** The caller's token does not let it see or do this: answered {@code 403}, naming what it may not have. */
public class ForbiddenException extends RuntimeException {

    private final String field;

    public ForbiddenException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
