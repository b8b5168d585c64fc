package io.storecast.platform.problems;

/** The request clashes with the current state (a duplicate, an illegal transition): answered {@code 409}. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
