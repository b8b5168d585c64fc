package io.storecast.order.application;

import io.storecast.order.domain.Product;
import io.storecast.order.persistence.OrderDocuments.ProductDoc;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * HQ's unified product catalog. Checkout prices from an in-memory copy of the whole catalog, reloaded every
 * second (and at once after a change made here), so a checkout reads no product from the store; a change made
 * through another instance is priced within a second. An order keeps the unit price it was placed with, so a
 * later price change never alters it.
 */
@Service
public class ProductCatalog {

    private final MongoTemplate mongo;
    private volatile Map<String, Product> bySku = Map.of();

    public ProductCatalog(MongoTemplate mongo) {
        this.mongo = mongo;
        reload();
    }

    @Scheduled(fixedDelay = 1_000)
    void reload() {
        bySku = mongo.findAll(ProductDoc.class).stream().map(ProductDoc::toProduct)
                .collect(Collectors.toUnmodifiableMap(Product::sku, Function.identity()));
    }

    public Product create(String sku, String name, String category, long price) {
        Product p = new Product(sku, name, category, price, true);
        try {
            mongo.insert(ProductDoc.of(p));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("sku", "a product with sku " + sku + " already exists");
        }
        reload();
        return p;
    }

    /** Replaces name, category, price and whether it is on sale; orders already placed keep their prices. */
    public Product update(String sku, String name, String category, long price, boolean active) {
        product(sku);
        Product p = new Product(sku, name, category, price, active);
        mongo.save(ProductDoc.of(p));
        reload();
        return p;
    }

    public Product deactivate(String sku) {
        Product p = product(sku);
        return update(sku, p.name(), p.category(), p.price(), false);
    }

    public Product product(String sku) {
        ProductDoc d = mongo.findById(sku, ProductDoc.class);
        if (d == null) {
            throw new NotFoundException("product", sku);
        }
        return d.toProduct();
    }

    /** A page of the catalog by sku; {@code active} null lists both. */
    public List<Product> list(Boolean active, int page, int size) {
        Query q = active == null ? new Query() : Query.query(Criteria.where("active").is(active));
        q.with(Sort.by("_id")).skip((long) page * size).limit(size);
        return mongo.find(q, ProductDoc.class).stream().map(ProductDoc::toProduct).toList();
    }

    /** The product as last loaded, or null when the catalog has no such sku. */
    Product find(String sku) {
        return bySku.get(sku);
    }
}
