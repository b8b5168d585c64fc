package io.storecast.platform.messaging;

/**
 * An event depends on a fact that travels on another topic and has not been consumed yet (a link, a
 * plan). The record is retried with a longer backoff (up to about ten minutes) before it is
 * dead-lettered, instead of being decided on incomplete data.
 */
public class NotYetKnownException extends RuntimeException {
    public NotYetKnownException(String message) {
        super(message);
    }
}
