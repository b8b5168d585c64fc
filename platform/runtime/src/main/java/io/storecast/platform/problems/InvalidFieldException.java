package io.storecast.platform.problems;

/**
 * A request field whose value breaks a rule: answered {@code 422} (or {@code 400}) with a problem body
 * naming the field. Plain Java, usable from domain code.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;
    private final int status;

    public InvalidFieldException(String field, String message) {
        this(field, message, 422);
    }

    public InvalidFieldException(String field, String message, int status) {
        super(message);
        this.field = field;
        this.status = status;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
