package io.storecast.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformDefaultsTest {

    @Test
    void a_services_own_setting_wins_and_the_rest_come_from_the_platform() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addLast(new MapPropertySource("service's own file",
                Map.of("management.endpoint.health.show-details", "never")));

        new PlatformDefaults().postProcessEnvironment(env, new SpringApplication());
        new PlatformDefaults().postProcessEnvironment(env, new SpringApplication());   // a second run adds nothing

        assertThat(env.getProperty("management.endpoint.health.show-details")).isEqualTo("never");
        assertThat(env.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,mongo");
        assertThat(env.getPropertySources().stream().filter(s -> s.getName().startsWith(PlatformDefaults.FILE)))
                .hasSize(1);
    }
}
