package io.storecast.platform.messaging;

/** A record that can never be processed (unreadable headers or payload): it goes straight to the dead-letter topic. */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
