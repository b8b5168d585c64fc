package io.storecast.room.web;

import io.storecast.room.application.ViewerStates.PresenceUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Presence answered while the stream starts or rebalances: 503 with {@code Retry-After}, not a 500. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PresenceUnavailableAdvice {

    @ExceptionHandler(PresenceUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(PresenceUnavailableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Presence not ready");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2").body(p);
    }
}
