package io.storecast.order.web;

import io.storecast.order.application.OrderCommands;
import io.storecast.order.domain.PaymentSignature;
import io.storecast.platform.problems.InvalidFieldException;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The payment provider's callback. The signature covers the raw bytes, so the body is read as bytes, checked,
 * and only then parsed: a bad or missing signature answers {@code 401} before anything is read or changed.
 */
@RestController
public class PaymentController {

    private final OrderCommands orders;
    private final PaymentSignature signature;
    private final ObjectMapper json;
    private final Clock clock;

    public PaymentController(OrderCommands orders, PaymentSignature signature, ObjectMapper json, Clock clock) {
        this.orders = orders;
        this.signature = signature;
        this.json = json;
        this.clock = clock;
    }

    /** The callback's body; {@code amount} in fen. */
    public record PaymentCallback(String orderId, String paymentId, long amount) {
    }

    /**
     * {@code 200} with the paid order (the same payment id again: the same answer, nothing changed); {@code 401}
     * bad signature; {@code 422} amount not the order total; {@code 409} the order is cancelled or paid by another
     * payment.
     */
    @PostMapping(path = "/payments/callbacks", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> callback(
            @Parameter(description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">")
            @RequestHeader(name = PaymentSignature.HEADER, required = false) String sig,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = PaymentCallback.class)))
            @RequestBody byte[] body) {
        String problem = signature.problem(sig, body, clock.instant());
        if (problem != null) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, problem);
            p.setTitle("Payment callback not signed");
            p.setProperty("errors", List.of(Map.of("field", PaymentSignature.HEADER, "message", problem)));
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(p);
        }
        JsonNode n;
        try {
            n = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidFieldException("body", "the body is not JSON", 400);
        }
        String orderId = text(n, "orderId");
        String paymentId = text(n, "paymentId");
        JsonNode amount = n.get("amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong()) {
            throw new InvalidFieldException("amount", "amount is required, a whole number of fen", 400);
        }
        return ResponseEntity.ok(OrderController.OrderView.of(orders.pay(orderId, paymentId, amount.asLong())));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isString() || v.asString().isBlank() || v.asString().length() > 128) {
            throw new InvalidFieldException(field, field + " is required, 1 to 128 characters", 400);
        }
        return v.asString();
    }
}
