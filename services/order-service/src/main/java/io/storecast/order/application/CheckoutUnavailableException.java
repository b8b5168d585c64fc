package io.storecast.order.application;

import io.storecast.platform.problems.UnavailableException;

/** Checkout cannot answer now (shutting down, overloaded, the store failing): {@code 503}, safe to retry. */
public class CheckoutUnavailableException extends UnavailableException {

    public CheckoutUnavailableException(String message) {
        super("Checkout unavailable", message, 1, null);
    }
}
