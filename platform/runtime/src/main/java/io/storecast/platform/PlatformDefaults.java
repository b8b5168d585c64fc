package io.storecast.platform;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The settings every storecast service shares ({@code storecast-platform.yml}: the actuator's exposure, the health
 * groups the probes read, the metrics), added to every service that has platform/runtime on its class path, below
 * everything else: a service's own file, the environment and the command line override any of them. (Imported with
 * {@code spring.config.import} instead, they would override the importing file.)
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String FILE = "storecast-platform.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(FILE)) {
            return;
        }
        try {
            new YamlPropertySourceLoader().load(FILE, new ClassPathResource(FILE))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After the config files are read, so that adding last puts these below them. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
