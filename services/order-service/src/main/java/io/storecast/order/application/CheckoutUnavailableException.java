package io.storecast.order.application;

/** Checkout cannot answer now (shutting down, overloaded, the store failing): {@code 503}, safe to retry. */
public class CheckoutUnavailableException extends RuntimeException {

    public CheckoutUnavailableException(String message) {
        super(message);
    }
}
