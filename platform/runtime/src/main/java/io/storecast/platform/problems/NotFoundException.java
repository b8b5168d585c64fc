package io.storecast.platform.problems;

/** The thing asked for does not exist: answered {@code 404}. Plain Java, usable from domain code. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String what, String id) {
        super(what + " " + id + " not found");
    }
}
