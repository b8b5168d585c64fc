package io.storecast.launcher;

import io.storecast.platform.infra.Infrastructure;

import java.util.List;

/**
 * The local broker and store without the services, for {@code bin/storecast-infra}: a stack started with
 * {@code KAFKA_BOOTSTRAP} and {@code MONGO_URI} pointing here runs against them in external mode. The one argument
 * says which: {@code broker}, {@code store}, or none for both in this JVM; {@code bin/storecast-infra} starts each in
 * a JVM of its own, as production's Kafka and MongoDB are processes of their own. Settings as {@link LocalStack}'s:
 * {@code STORECAST_DATA} ({@code none}: the store in memory, Kafka in a temporary directory), {@code KAFKA_PORT},
 * {@code KAFKA_CONTROLLER_PORT}, {@code MONGO_PORT}. The point is the benchmarks: mongo-java-server keeps every
 * document on the heap of the JVM it runs in, so its millions of documents are the collector's work there, and each
 * of its pauses stops whatever else runs in that JVM (docs/performance.md).
 */
public final class LocalInfrastructure {

    private LocalInfrastructure() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "both" : args[0];
        if (!List.of("both", "broker", "store").contains(which)) {
            System.err.println("usage: LocalInfrastructure [broker|store]   (none: both)");
            System.exit(2);
        }
        boolean broker = !which.equals("store"), store = !which.equals("broker");
        Infrastructure infra;
        try {
            infra = Infrastructure.startLocal(LocalStack.localOptions(LocalStack.dataDir()), broker, store);
        } catch (RuntimeException failed) {
            // a half-started broker's threads would keep this JVM alive, and bin/storecast-infra waiting on it
            failed.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "storecast-infra-stop"));
        if (broker) {
            System.out.println("KAFKA_BOOTSTRAP=" + infra.kafkaBootstrap());
        }
        if (store) {
            System.out.println("MONGO_URI=" + infra.mongoUri(""));
        }
        Thread.currentThread().join();
    }
}
