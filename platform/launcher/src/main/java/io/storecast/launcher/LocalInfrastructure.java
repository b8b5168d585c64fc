package io.storecast.launcher;

import io.storecast.platform.infra.Infrastructure;

import java.nio.file.Path;

/**
 * The local broker and store alone, in a JVM of their own (as production's Kafka and MongoDB are processes of their
 * own), for {@code bin/storecast-infra}: a stack started with {@code KAFKA_BOOTSTRAP} and {@code MONGO_URI} pointing
 * here runs against them in external mode. Settings as {@link LocalStack}'s: {@code STORECAST_DATA} ({@code none}:
 * the store in memory, Kafka in a temporary directory), {@code KAFKA_PORT}, {@code KAFKA_CONTROLLER_PORT},
 * {@code MONGO_PORT}. The point is the benchmarks: mongo-java-server keeps every document on the heap of the JVM it
 * runs in, and in the services' JVM its millions of documents become their collector's work (docs/performance.md).
 */
public final class LocalInfrastructure {

    private LocalInfrastructure() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("STORECAST_INFRA", "local");
        String data = env("STORECAST_DATA", ".local/data");
        Infrastructure infra = Infrastructure.start(new Infrastructure.LocalOptions(
                "none".equals(data) ? null : Path.of(data).toAbsolutePath(),
                Integer.parseInt(env("KAFKA_PORT", "29092")), Integer.parseInt(env("KAFKA_CONTROLLER_PORT", "29093")),
                Integer.parseInt(env("MONGO_PORT", "27027"))));
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "storecast-infra-stop"));
        System.out.println("KAFKA_BOOTSTRAP=" + infra.kafkaBootstrap());
        System.out.println("MONGO_URI=" + infra.mongoUri(""));
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
