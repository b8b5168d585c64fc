package io.storecast.distribution.web;

import io.storecast.distribution.application.StockCommands;
import io.storecast.distribution.domain.StoreStock;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.List;

/** A store's stock per SKU: set the counted figure, adjust it, read it. Units reserved for orders stay untouchable. */
@RestController
public class StockController {

    private final StockCommands stock;

    public StockController(StockCommands stock) {
        this.stock = stock;
    }

    /** Units are whole: BigDecimal with no fraction digits, because Jackson would silently truncate 1.5 into a Long. */
    public record SetOnHand(@NotNull @Digits(integer = 10, fraction = 0) BigDecimal onHand) {
    }

    public record Adjust(@NotNull @Digits(integer = 10, fraction = 0) BigDecimal delta,
                         @NotBlank @Size(max = 200) String reason) {
    }

    public record StockView(String storeId, String sku, long onHand, long reserved, long available) {
        static StockView of(StoreStock s) {
            return new StockView(s.storeId(), s.sku(), s.onHand(), s.reserved(), s.available());
        }
    }

    @PutMapping("/stores/{storeId}/stock/{sku}")
    public StockView set(@PathVariable String storeId, @PathVariable String sku, @Valid @RequestBody SetOnHand r) {
        return StockView.of(stock.set(storeId, sku, r.onHand().longValueExact()));
    }

    @PostMapping("/stores/{storeId}/stock/{sku}/adjustments")
    public StockView adjust(@PathVariable String storeId, @PathVariable String sku, @Valid @RequestBody Adjust r) {
        return StockView.of(stock.adjust(storeId, sku, r.delta().longValueExact(), r.reason()));
    }

    @GetMapping("/stores/{storeId}/stock/{sku}")
    public StockView stock(@PathVariable String storeId, @PathVariable String sku) {
        return StockView.of(stock.stock(storeId, sku));
    }

    @GetMapping("/stores/{storeId}/stock")
    public List<StockView> stockOf(@PathVariable String storeId) {
        return stock.stockOf(storeId).stream().map(StockView::of).toList();
    }
}
