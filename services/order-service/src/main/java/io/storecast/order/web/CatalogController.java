package io.storecast.order.web;

import io.storecast.contracts.orders.OrderLine;

import io.storecast.order.application.ProductCatalog;
import io.storecast.order.domain.Product;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CatalogController {

    private final ProductCatalog catalog;

    public CatalogController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    /** {@code price} in fen. A sku is used in URLs, so it keeps to URL-safe characters. */
    public record CreateProduct(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]*",
                    message = "may contain only letters, digits, '.', '_' and '-'") String sku,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Pattern(regexp = OrderLine.CATEGORY_PATTERN,
                    message = "must be 1 to 64 letters, digits, '-' or '_'") String category,
            @NotNull @PositiveOrZero Long price) {
    }

    @PostMapping("/products")
    @ResponseStatus(HttpStatus.CREATED)
    public Product create(@Valid @RequestBody CreateProduct p) {
        return catalog.create(p.sku(), p.name(), p.category(), p.price());
    }

    @GetMapping("/products/{sku}")
    public Product product(@PathVariable String sku) {
        return catalog.product(sku);
    }
}
