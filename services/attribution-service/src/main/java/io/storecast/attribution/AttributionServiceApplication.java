package io.storecast.attribution;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AttributionServiceApplication {

    /** Its settings live in {@code attribution-service.yml}, so four services can share one classpath locally. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AttributionServiceApplication.class)
                .properties("spring.config.name=attribution-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
