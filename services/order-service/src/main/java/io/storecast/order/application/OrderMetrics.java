package io.storecast.order.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.order.domain.Order;
import org.springframework.stereotype.Component;

/**
 * The broadcast's orders as business metrics, per live session ({@code none} for an order outside one), beside the
 * technical ones: {@code storecast_orders_placed_total}, {@code storecast_orders_paid_total} and the paid GMV in minor
 * units, {@code storecast_orders_paid_amount_fen_total{currency}}. Counted when the order is stored, or its payment
 * lands — a retried checkout or payment callback counts nothing — per instance: Prometheus sums the instances.
 */
@Component
public class OrderMetrics {

    private final MeterRegistry meters;

    public OrderMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void placed(Order o) {
        meters.counter("storecast.orders.placed", "session", session(o)).increment();
    }

    void paid(Order o) {
        meters.counter("storecast.orders.paid", "session", session(o)).increment();
        Counter.builder("storecast.orders.paid.amount").baseUnit("fen").tag("session", session(o))
                .tag("currency", o.currency()).register(meters).increment(o.total());
    }

    private static String session(Order o) {
        return o.sessionId() == null ? "none" : o.sessionId();
    }
}
