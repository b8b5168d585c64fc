package io.storecast.order.web;

import io.storecast.order.application.FlashSales;
import io.storecast.order.domain.FlashStock;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Flash-sale stock per broadcast session and SKU: a checkout takes from it; a cancelled order gives back. */
@RestController
public class StockController {

    private final FlashSales stock;

    public StockController(FlashSales stock) {
        this.stock = stock;
    }

    /** {@code perCustomerLimit}: units one customer may buy of this SKU in this session; 0 or absent: no limit. */
    public record Allocate(@NotBlank @Size(max = 64) String sku, @NotNull Long units, Integer perCustomerLimit) {
    }

    public record TopUp(@NotNull Long units, Integer perCustomerLimit) {
    }

    /** {@code sold}: units on orders (placed or paid); {@code remaining}: still on sale. */
    public record StockView(String sessionId, String sku, long allocated, long remaining, long sold,
                            int perCustomerLimit) {

        static StockView of(FlashStock s) {
            return new StockView(s.sessionId(), s.sku(), s.allocated(), s.remaining(), s.sold(), s.perCustomerLimit());
        }
    }

    @PostMapping("/sessions/{sessionId}/stock")
    @ResponseStatus(HttpStatus.CREATED)
    public StockView allocate(@PathVariable String sessionId, @Valid @RequestBody Allocate a) {
        return StockView.of(stock.allocate(sessionId, a.sku(), a.units(),
                a.perCustomerLimit() == null ? 0 : a.perCustomerLimit()));
    }

    @GetMapping("/sessions/{sessionId}/stock")
    public List<StockView> session(@PathVariable String sessionId) {
        return stock.session(sessionId).stream().map(StockView::of).toList();
    }

    @GetMapping("/sessions/{sessionId}/stock/{sku}")
    public StockView stock(@PathVariable String sessionId, @PathVariable String sku) {
        return StockView.of(stock.stock(sessionId, sku));
    }

    @PostMapping("/sessions/{sessionId}/stock/{sku}/top-ups")
    public StockView topUp(@PathVariable String sessionId, @PathVariable String sku, @Valid @RequestBody TopUp t) {
        return StockView.of(stock.topUp(sessionId, sku, t.units(), t.perCustomerLimit()));
    }
}
