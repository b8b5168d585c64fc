package io.storecast.launcher;

import io.storecast.platform.infra.Infrastructure;

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
        Infrastructure infra = Infrastructure.start(LocalStack.localOptions(LocalStack.dataDir()));
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "storecast-infra-stop"));
        System.out.println("KAFKA_BOOTSTRAP=" + infra.kafkaBootstrap());
        System.out.println("MONGO_URI=" + infra.mongoUri(""));
        Thread.currentThread().join();
    }
}
