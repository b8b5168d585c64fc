package io.storecast.order.web;

import io.storecast.order.application.CheckoutUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A checkout that could not be decided now: 503 with {@code Retry-After}; the same clientOrderId is safe to retry. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CheckoutUnavailableAdvice {

    @ExceptionHandler(CheckoutUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(CheckoutUnavailableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Checkout unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(p);
    }
}
