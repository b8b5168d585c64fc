package io.storecast.distribution;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class StoreDistributionApplication {

    /** Its settings live in {@code store-distribution-service.yml}, so four services can share one classpath locally. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(StoreDistributionApplication.class)
                .properties("spring.config.name=store-distribution-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
