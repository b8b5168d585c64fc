package io.storecast.order;

import io.storecast.order.domain.PaymentSignature;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Duration;

@SpringBootApplication
@EnableScheduling
public class OrderServiceApplication {

    /** Its settings live in {@code order-service.yml}, so four services can share one classpath locally. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrderServiceApplication.class).properties("spring.config.name=order-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The secret shared with the payment provider; the service does not start without one. */
    @Bean
    PaymentSignature paymentSignature(@Value("${storecast.payments.secret:}") String secret,
                                      @Value("${storecast.payments.tolerance-seconds:300}") long toleranceSeconds) {
        return new PaymentSignature(secret, Duration.ofSeconds(toleranceSeconds));
    }
}
