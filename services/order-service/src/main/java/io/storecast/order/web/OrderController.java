package io.storecast.order.web;

import io.storecast.order.application.OrderCommands;
import io.storecast.order.application.OrderCommands.Placed;
import io.storecast.order.application.OrderCommands.Requested;
import io.storecast.order.domain.Order;
import jakarta.validation.Valid;
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

    private final OrderCommands orders;

    public OrderController(OrderCommands orders) {
        this.orders = orders;
    }

    public record Checkout(@NotBlank @Size(max = 128) String clientOrderId,
                           @NotBlank @Size(max = 128) String customerId,
                           @NotBlank @Size(max = 128) String sessionId,
                           @Size(max = 64) String ref,
                           @NotEmpty @Size(max = 100) List<@NotNull @Valid LineRequest> lines) {
    }

    /** Quantity only: prices and categories come from the catalog, never from the client. */
    public record LineRequest(@NotBlank @Size(max = 64) String sku, @NotNull @Positive Integer quantity) {
    }

    /** {@code amount} in fen. */
    public record Payment(@NotBlank @Size(max = 128) String paymentId, @NotNull Long amount) {
    }

    /** {@code amount} in fen. */
    public record RefundRequest(@NotBlank @Size(max = 128) String refundId, @NotNull Integer lineNo,
                                @NotNull Long amount) {
    }

    public record OrderView(String id, String clientOrderId, String customerId, String sessionId, String ref,
                            String status, List<LineView> lines, long total, String currency, Instant placedAt,
                            Instant paidAt, String paymentId) {

        static OrderView of(Order o) {
            return new OrderView(o.id(), o.clientOrderId(), o.customerId(), o.sessionId(), o.ref(), o.status().name(),
                    o.lines().stream().map(l -> new LineView(l.lineNo(), l.sku(), l.category(), l.quantity(),
                            l.unitPrice(), l.amount(), l.refunded())).toList(),
                    o.total(), o.currency(), o.placedAt(), o.paidAt(), o.paymentId());
        }
    }

    public record LineView(int lineNo, String sku, String category, int quantity, long unitPrice, long amount,
                           long refunded) {
    }

    /** {@code 201} for a new order; {@code 200} with the very same order when this checkout was already placed. */
    @PostMapping("/orders")
    public ResponseEntity<OrderView> place(@Valid @RequestBody Checkout c) {
        Placed p = orders.place(c.clientOrderId(), c.customerId(), c.sessionId(), c.ref(),
                c.lines().stream().map(l -> new Requested(l.sku(), l.quantity())).toList());
        OrderView body = OrderView.of(p.order());
        return p.created() ? ResponseEntity.created(URI.create("/orders/" + body.id())).body(body)
                : ResponseEntity.ok(body);
    }

    @GetMapping("/orders/{id}")
    public OrderView order(@PathVariable String id) {
        return OrderView.of(orders.order(id));
    }

    @PostMapping("/orders/{id}/payments")
    public OrderView pay(@PathVariable String id, @Valid @RequestBody Payment p) {
        return OrderView.of(orders.pay(id, p.paymentId(), p.amount()));
    }

    @PostMapping("/orders/{id}/refunds")
    public OrderView refund(@PathVariable String id, @Valid @RequestBody RefundRequest r) {
        return OrderView.of(orders.refund(id, r.refundId(), r.lineNo(), r.amount()));
    }
}
