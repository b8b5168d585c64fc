package io.storecast.order;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class OrderServiceApplication {

    /** Its settings live in {@code order-service.yml}, so four services can share one classpath locally. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrderServiceApplication.class).properties("spring.config.name=order-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
