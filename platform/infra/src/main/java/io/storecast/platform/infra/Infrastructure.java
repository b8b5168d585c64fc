package io.storecast.platform.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Kafka broker and MongoDB store the services run against, in one of three modes chosen by one
 * switch ({@code STORECAST_INFRA} environment variable or system property):
 * <ul>
 *   <li>{@code external} — servers started elsewhere, given by {@code KAFKA_BOOTSTRAP} and {@code MONGO_URI};</li>
 *   <li>{@code containers} — Testcontainers Kafka and a {@code mongo:7} replica set;</li>
 *   <li>{@code local} — an in-process KRaft broker and mongo-java-server;</li>
 *   <li>{@code auto} (default) — external when both addresses are given, else containers when a Docker
 *       engine answers, else local.</li>
 * </ul>
 * Services themselves read only {@code KAFKA_BOOTSTRAP} and {@code MONGO_URI}.
 */
public final class Infrastructure implements AutoCloseable {

    public enum Mode { EXTERNAL, CONTAINERS, LOCAL }

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final Mode mode;
    private final String kafkaBootstrap;
    private final Function<String, String> mongoUri;
    private final List<AutoCloseable> resources;

    private Infrastructure(Mode mode, String kafkaBootstrap, Function<String, String> mongoUri,
                           List<AutoCloseable> resources) {
        this.mode = mode;
        this.kafkaBootstrap = kafkaBootstrap;
        this.mongoUri = mongoUri;
        this.resources = resources;
    }

    /** Options for the local mode: where data lives (null = throwaway) and fixed ports (0 = any). */
    public record LocalOptions(Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort) {
        public static LocalOptions ephemeral() {
            return new LocalOptions(null, 0, 0, 0);
        }
    }

    public static Infrastructure start(LocalOptions local) {
        Mode mode = chooseMode();
        log.info("storecast infrastructure mode: {}", mode);
        return switch (mode) {
            case EXTERNAL -> external();
            case CONTAINERS -> containers();
            case LOCAL -> local(local);
        };
    }

    static Mode chooseMode() {
        String asked = setting("STORECAST_INFRA");
        if (asked != null && !asked.isBlank() && !asked.equalsIgnoreCase("auto")) {
            return Mode.valueOf(asked.trim().toUpperCase(Locale.ROOT));
        }
        if (setting("KAFKA_BOOTSTRAP") != null && setting("MONGO_URI") != null) {
            return Mode.EXTERNAL;
        }
        return dockerAvailable() ? Mode.CONTAINERS : Mode.LOCAL;
    }

    private static boolean dockerAvailable() {
        // ask Testcontainers only when a Docker endpoint could exist: its probe logs errors when none does
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (setting("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
                && (runtimeDir == null || !Files.exists(Path.of(runtimeDir, "docker.sock")))
                && !Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                && !Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Infrastructure external() {
        String kafka = required("KAFKA_BOOTSTRAP");
        String mongo = required("MONGO_URI");
        return new Infrastructure(Mode.EXTERNAL, kafka, db -> withDatabase(mongo, db), List.of());
    }

    private static Infrastructure containers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
        MongoDBContainer mongo = new MongoDBContainer("mongo:7");
        kafka.start();
        mongo.start();
        return new Infrastructure(Mode.CONTAINERS, kafka.getBootstrapServers(), mongo::getReplicaSetUrl,
                List.of(mongo, kafka));
    }

    private static Infrastructure local(LocalOptions o) {
        return startLocal(o, true, true);
    }

    /**
     * The local broker, the local store, or both, in this JVM, whatever {@code STORECAST_INFRA} says: one of them
     * alone is for a JVM of its own ({@code bin/storecast-infra}). What is not started has no address (null).
     */
    public static Infrastructure startLocal(LocalOptions o, boolean broker, boolean store) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Path dir = o.dataDir() != null ? o.dataDir() : Files.createTempDirectory("storecast-local");
            Files.createDirectories(dir);
            if (o.dataDir() == null) {
                resources.add(() -> deleteTree(dir));   // closed last, after the broker and the store
            }
            LocalMongoStore mongo = null;
            if (store) {
                mongo = o.dataDir() != null
                        ? LocalMongoStore.onDisk(dir.resolve("mongo.mv"), o.mongoPort())
                        : LocalMongoStore.inMemory(o.mongoPort());
                resources.add(0, mongo);
            }
            LocalKafkaBroker kafka = null;
            if (broker) {
                kafka = LocalKafkaBroker.start(dir.resolve("kafka"), o.kafkaPort(), o.kafkaControllerPort());
                resources.add(0, kafka);
            }
            return new Infrastructure(Mode.LOCAL, kafka == null ? null : kafka.bootstrapServers(),
                    mongo == null ? db -> null : mongo::uri, resources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Puts a database name into a MongoDB connection string, keeping its options. */
    static String withDatabase(String uri, String db) {
        int scheme = uri.indexOf("://");
        int slash = uri.indexOf('/', scheme + 3);
        int q = uri.indexOf('?');
        String hosts = slash < 0 ? (q < 0 ? uri : uri.substring(0, q)) : uri.substring(0, slash);
        String query = q < 0 ? "" : uri.substring(q);
        return hosts + "/" + db + query;
    }

    private static String setting(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    private static String required(String name) {
        String v = setting(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("STORECAST_INFRA=external needs " + name);
        }
        return v;
    }

    public Mode mode() {
        return mode;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String mongoUri(String database) {
        return mongoUri.apply(database);
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed", r, e);
            }
        }
    }
}
