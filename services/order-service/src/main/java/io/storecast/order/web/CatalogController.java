package io.storecast.order.web;

import io.storecast.contracts.orders.OrderLine;
import io.storecast.order.application.ProductCatalog;
import io.storecast.order.domain.Product;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** HQ's catalog: prices in fen; a change applies to checkouts from then on, never to orders already placed. */
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

    /** The whole product but its sku; {@code active} false takes it off sale. */
    public record UpdateProduct(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Pattern(regexp = OrderLine.CATEGORY_PATTERN,
                    message = "must be 1 to 64 letters, digits, '-' or '_'") String category,
            @NotNull @PositiveOrZero Long price,
            @NotNull Boolean active) {
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

    /** By sku; {@code active} filters on sale or off sale; pages count from 0. */
    @GetMapping("/products")
    public List<Product> list(@RequestParam(required = false) Boolean active,
                              @RequestParam(defaultValue = "0") @Min(0) int page,
                              @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return catalog.list(active, page, size);
    }

    @PutMapping("/products/{sku}")
    public Product update(@PathVariable String sku, @Valid @RequestBody UpdateProduct p) {
        return catalog.update(sku, p.name(), p.category(), p.price(), p.active());
    }

    @PostMapping("/products/{sku}/deactivate")
    public Product deactivate(@PathVariable String sku) {
        return catalog.deactivate(sku);
    }
}
