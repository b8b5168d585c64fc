package io.storecast.order.web;

import io.storecast.order.application.Checkouts;
import io.storecast.order.application.Checkouts.Placed;
import io.storecast.order.application.Checkouts.Requested;
import io.storecast.order.application.OrderCommands;
import io.storecast.order.application.OrderSchedules;
import io.storecast.order.domain.Order;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

@RestController
public class OrderController {

    private final Checkouts checkouts;
    private final OrderCommands orders;
    private final OrderSchedules schedules;

    public OrderController(Checkouts checkouts, OrderCommands orders, OrderSchedules schedules) {
        this.checkouts = checkouts;
        this.orders = orders;
        this.schedules = schedules;
    }

    public record Checkout(@NotBlank @Size(max = 128) String clientOrderId,
                           @NotBlank @Size(max = 128) String customerId,
                           @NotBlank @Size(max = 128) String sessionId,
                           @Size(max = 64) String ref,
                           @NotEmpty @Size(max = 100) List<@NotNull @Valid LineRequest> lines) {
    }

    /** Quantity only: prices and categories come from the catalog, never from the client. */
    public record LineRequest(@NotBlank @Size(max = 64) String sku,
                              @NotNull @Positive @Max(Order.MAX_QUANTITY) Integer quantity) {
    }

    /** {@code amount} in fen. */
    public record RefundRequest(@NotBlank @Size(max = 128) String refundId, @NotNull Integer lineNo,
                                @NotNull Long amount) {
    }

    public record ShipmentRequest(@Size(max = 64) String carrier, @Size(max = 128) String trackingNo) {
    }

    public record OrderView(String id, String clientOrderId, String customerId, String sessionId, String ref,
                            String status, List<LineView> lines, long total, String currency, Instant placedAt,
                            Instant paidAt, String paymentId, Order.Fulfilment fulfilment, Order.Shipment shipment,
                            Instant deliveredAt, Instant completedAt, Instant cancelledAt) {

        static OrderView of(Order o) {
            return new OrderView(o.id(), o.clientOrderId(), o.customerId(), o.sessionId(), o.ref(), o.status().name(),
                    o.lines().stream().map(l -> new LineView(l.lineNo(), l.sku(), l.category(), l.quantity(),
                            l.unitPrice(), l.amount(), l.refunded())).toList(),
                    o.total(), o.currency(), o.placedAt(), o.paidAt(), o.paymentId(), o.fulfilment(), o.shipment(),
                    o.deliveredAt(), o.completedAt(), o.cancelledAt());
        }
    }

    public record LineView(int lineNo, String sku, String category, int quantity, long unitPrice, long amount,
                           long refunded) {
    }

    /**
     * {@code 201} for a new order; {@code 200} with the very same order when this checkout was already placed;
     * {@code 409} naming the line when a SKU is sold out, not on sale in the session, or over the customer's limit.
     */
    @PostMapping("/orders")
    public ResponseEntity<OrderView> place(@Valid @RequestBody Checkout c) {
        Placed p = checkouts.place(c.clientOrderId(), c.customerId(), c.sessionId(), c.ref(),
                c.lines().stream().map(l -> new Requested(l.sku(), l.quantity())).toList());
        OrderView body = OrderView.of(p.order());
        return p.created() ? ResponseEntity.created(URI.create("/orders/" + body.id())).body(body)
                : ResponseEntity.ok(body);
    }

    @GetMapping("/orders/{id}")
    public OrderView order(@PathVariable String id) {
        return OrderView.of(orders.order(id));
    }

    @PostMapping("/orders/{id}/refunds")
    public OrderView refund(@PathVariable String id, @Valid @RequestBody RefundRequest r) {
        return OrderView.of(orders.refund(id, r.refundId(), r.lineNo(), r.amount()));
    }

    /** The fulfiller hands the order to a carrier; the order must be paid and assigned. */
    @PostMapping("/orders/{id}/shipments")
    public OrderView ship(@PathVariable String id, @Valid @RequestBody(required = false) ShipmentRequest s) {
        ShipmentRequest r = s == null ? new ShipmentRequest(null, null) : s;
        return OrderView.of(orders.ship(id, r.carrier(), r.trackingNo()));
    }

    /** The customer received the order; it completes once the return window has passed after this. */
    @PostMapping("/orders/{id}/delivery")
    public OrderView deliver(@PathVariable String id) {
        Order o = orders.deliver(id);
        schedules.delivered(o.id(), o.deliveredAt());
        return OrderView.of(o);
    }
}
