package io.storecast.room;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class RoomServiceApplication {

    /** Its settings live in {@code room-service.yml}, so four services can share one classpath locally. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RoomServiceApplication.class).properties("spring.config.name=room-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
