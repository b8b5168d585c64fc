package io.storecast.platform.problems;

/**
 * The service cannot answer this now but will soon (a stream rebalancing, a checkout round that could not
 * finish): answered {@code 503} with {@code Retry-After}; the request is safe to repeat.
 */
public class UnavailableException extends RuntimeException {

    private final String title;
    private final int retryAfterSeconds;

    public UnavailableException(String title, String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String title() {
        return title;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
