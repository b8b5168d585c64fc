package io.storecast.order.application;

import io.storecast.order.domain.Product;
import io.storecast.order.persistence.OrderDocuments.ProductDoc;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** HQ's unified product catalog. */
@Service
public class ProductCatalog {

    private final MongoTemplate mongo;

    public ProductCatalog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Product create(String sku, String name, String category, long price) {
        Product p = new Product(sku, name, category, price, true);
        try {
            mongo.insert(ProductDoc.of(p));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("sku", "a product with sku " + sku + " already exists");
        }
        return p;
    }

    public Product product(String sku) {
        ProductDoc d = mongo.findById(sku, ProductDoc.class);
        if (d == null) {
            throw new NotFoundException("product", sku);
        }
        return d.toProduct();
    }

    /** The product, or null when the catalog has no such sku. */
    Product find(String sku) {
        ProductDoc d = mongo.findById(sku, ProductDoc.class);
        return d == null ? null : d.toProduct();
    }
}
