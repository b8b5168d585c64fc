package io.storecast.launcher;

import io.storecast.attribution.AttributionServiceApplication;
import io.storecast.distribution.StoreDistributionApplication;
import io.storecast.loadgen.Loadgen;
import io.storecast.order.OrderServiceApplication;
import io.storecast.platform.infra.Infrastructure;
import io.storecast.platform.infra.LocalIdentity;
import io.storecast.room.RoomServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The whole of storecast on one machine: the broker and the store (see {@link Infrastructure}) and the
 * four services, each its own Spring application with its own port, database and consumer group —
 * sharing one JVM only to save memory and start-up time on a laptop. They still talk only over Kafka.
 */
public final class LocalStack implements AutoCloseable {

    public static final String STORE_DISTRIBUTION = "store-distribution-service";
    public static final String ROOM = "room-service";
    public static final String ORDER = "order-service";
    public static final String ATTRIBUTION = "attribution-service";

    private final Map<String, ConfigurableApplicationContext> services;
    private final LocalIdentity identity;

    private LocalStack(Map<String, ConfigurableApplicationContext> services, LocalIdentity identity) {
        this.services = services;
        this.identity = identity;
    }

    /** Ports to use; 0 lets each service pick a free port (tests). */
    public record Ports(int storeDistribution, int room, int order, int attribution) {
        public static final Ports DEFAULT = new Ports(8081, 8082, 8083, 8084);
        public static final Ports RANDOM = new Ports(0, 0, 0, 0);
    }

    public static final List<String> ALL = List.of(STORE_DISTRIBUTION, ROOM, ORDER, ATTRIBUTION);

    /** All four services, trusting the tokens of an identity of their own (tests: {@link #token}). */
    public static LocalStack start(Infrastructure infra, Ports ports) {
        return start(infra, ports, ALL, LocalIdentity.ephemeral());
    }

    /**
     * Starts only {@code only} of the services (a benchmark of one service without the others' load); attribution
     * trusts the tokens {@code identity} signs, unless {@code STORECAST_JWT_ISSUER_URI} or {@code
     * STORECAST_JWT_PUBLIC_KEY} names another identity provider.
     */
    public static LocalStack start(Infrastructure infra, Ports ports, List<String> only, LocalIdentity identity) {
        if (!ALL.containsAll(only) || only.isEmpty()) {
            throw new IllegalArgumentException("services must be some of " + ALL + ", not " + only);
        }
        Map<String, Supplier<SpringApplicationBuilder>> apps = new LinkedHashMap<>();
        apps.put(STORE_DISTRIBUTION, StoreDistributionApplication::builder);
        apps.put(ROOM, RoomServiceApplication::builder);
        apps.put(ORDER, OrderServiceApplication::builder);
        apps.put(ATTRIBUTION, AttributionServiceApplication::builder);
        apps.keySet().retainAll(only);
        Map<String, Integer> port = Map.of(STORE_DISTRIBUTION, ports.storeDistribution(), ROOM, ports.room(),
                ORDER, ports.order(), ATTRIBUTION, ports.attribution());
        Map<String, String> database = Map.of(STORE_DISTRIBUTION, "store-distribution", ROOM, "room",
                ORDER, "order", ATTRIBUTION, "attribution");
        Map<String, CompletableFuture<ConfigurableApplicationContext>> starting = new LinkedHashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (var app : apps.entrySet()) {
            String name = app.getKey();
            // as arguments: they must outrank the defaults in each service's own yml
            List<String> args = new ArrayList<>(List.of(
                    "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrap(),
                    "--spring.mongodb.uri=" + infra.mongoUri(database.get(name)),
                    "--server.port=" + port.get(name),
                    "--spring.main.banner-mode=off"));
            if (name.equals(STORE_DISTRIBUTION)) {
                // every local shopper (the demo, a load test) comes from this one address: no per-IP limit
                args.add("--storecast.redirect.rate-limit.per-second=" + env("REDIRECT_RATE_LIMIT", "0"));
                if (port.get(name) != 0) {
                    args.add("--storecast.public-base-url=http://127.0.0.1:" + port.get(name));
                }
            }
            if (name.equals(ORDER)) {
                args.add("--storecast.payments.secret=" + paymentSecret());
            }
            if (name.equals(ATTRIBUTION) && env("STORECAST_JWT_ISSUER_URI", "").isEmpty()
                    && env("STORECAST_JWT_PUBLIC_KEY", "").isEmpty()) {
                args.add("--storecast.security.public-key=" + identity.publicKey());
            }
            starting.put(name, CompletableFuture.supplyAsync(() -> {
                // pool threads do not inherit the executable jar's class loader; Spring needs it
                Thread.currentThread().setContextClassLoader(loader);
                return app.getValue().get().run(args.toArray(String[]::new));
            }));
        }
        Map<String, ConfigurableApplicationContext> started = new LinkedHashMap<>();
        starting.forEach((name, f) -> started.put(name, f.join()));
        return new LocalStack(started, identity);
    }

    /** A token of the identity this stack trusts, for {@code role} ({@code party}: null for HQ and finance). */
    public String token(String role, String party) {
        return token(identity, role, party, Duration.ofHours(12));
    }

    /** A token of {@code identity} for a local caller, named {@code local-<role>[-<party>]}. */
    static String token(LocalIdentity identity, String role, String party, Duration ttl) {
        return identity.token(role, party, "local-" + role.toLowerCase() + (party == null ? "" : "-" + party), ttl);
    }

    /**
     * The identity a local run's services trust and its tools sign with: a key pair in {@code STORECAST_IDENTITY}
     * (default {@code .local/identity}), made on first use and kept, so tokens issued by {@code bin/storecast-token}
     * hold across restarts.
     */
    public static LocalIdentity identity() {
        return LocalIdentity.at(Path.of(env("STORECAST_IDENTITY", ".local/identity")).toAbsolutePath());
    }

    /**
     * The token a tool reads attribution with: {@code STORECAST_TOKEN} when set (a stack trusting another identity
     * provider), else one the local identity signs for {@code role}.
     */
    public static String toolToken(String role) {
        String given = System.getenv("STORECAST_TOKEN");
        return given != null && !given.isBlank() ? given : token(identity(), role, null, Duration.ofHours(12));
    }

    /**
     * The secret order-service checks payment callbacks with: {@code PAYMENT_SECRET}, or for a local run a fixed
     * development secret that the demo and the tests sign with. Never use the default outside this machine.
     */
    public static String paymentSecret() {
        return env("PAYMENT_SECRET", io.storecast.loadgen.Api.LOCAL_PAYMENT_SECRET);
    }

    public int port(String service) {
        return ((WebServerApplicationContext) services.get(service)).getWebServer().getPort();
    }

    public String url(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    public Map<String, String> urls() {
        Map<String, String> out = new LinkedHashMap<>();
        services.keySet().forEach(s -> out.put(s, url(s)));
        return out;
    }

    @Override
    public void close() {
        services.values().forEach(ConfigurableApplicationContext::close);
    }

    /**
     * Runs everything, then the demo broadcast, then keeps serving. Settings (environment): {@code
     * STORECAST_DATA} (data directory, default {@code .local/data}; {@code none} keeps nothing: the store in
     * memory, Kafka in a temporary directory), {@code STORECAST_DEMO=false} to skip
     * the demo (the load generator at demo size), {@code DEMO_DEALERS}, {@code DEMO_STORES}, {@code DEMO_CUSTOMERS},
     * {@code DEMO_SECONDS}, {@code DEMO_SEED}; {@code STORECAST_SERVICES}
     * (comma-separated, default all four) runs only those services, e.g. to benchmark one alone.
     */
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path data = dataDir();
        Infrastructure infra = Infrastructure.start(localOptions(data));
        List<String> only = List.of(env("STORECAST_SERVICES", String.join(",", ALL)).split("\\s*,\\s*"));
        boolean demo = !"false".equalsIgnoreCase(env("STORECAST_DEMO", "true"));
        if (demo && !only.containsAll(ALL)) {
            throw new IllegalArgumentException("the demo needs all four services: set STORECAST_DEMO=false");
        }
        LocalStack stack = start(infra, Ports.DEFAULT, only, identity());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            infra.close();
        }, "storecast-stop"));
        System.out.printf("%nstorecast is up in %.1f s (%s mode, %s)%n", (System.nanoTime() - t0) / 1e9,
                infra.mode().name().toLowerCase(), data == null ? "nothing kept: store in memory, Kafka in a "
                        + "temporary directory" : "data in " + data);
        if (demo) {
            // the demo broadcast is the load generator at demo size, its live leaderboard printed as it runs
            Loadgen.Options o = Loadgen.Options.defaults().withStack(stack.urls(), paymentSecret(),
                            stack.token("HQ", null))
                    .sized(Integer.parseInt(env("DEMO_DEALERS", "10")), Integer.parseInt(env("DEMO_STORES", "300")), 2,
                            Integer.parseInt(env("DEMO_CUSTOMERS", "2000")), Integer.parseInt(env("DEMO_SECONDS", "30")))
                    .with(Long.parseLong(env("DEMO_SEED", "11")), Integer.parseInt(env("RETURN_WINDOW_DAYS", "7")), true,
                            Path.of(env("STORECAST_REPORTS", ".local/reports")));
            Loadgen.Result r = new Loadgen(o, System.out).run();
            if (!r.mismatches().isEmpty()) {
                System.out.println("the demo's report does not match its own account: see the mismatches above");
            }
        }
        System.out.println();
        System.out.println("Services (Ctrl-C stops everything):");
        stack.urls().forEach((name, url) -> System.out.printf("  %-28s %s   health %s/actuator/health%n", name, url, url));
        System.out.println("  kafka bootstrap              " + infra.kafkaBootstrap());
        System.out.println("  mongo                        " + infra.mongoUri(""));
        System.out.println("attribution-service answers callers with a bearer token: bin/storecast-token HQ|FINANCE, "
                + "or DEALER|STORE|STAFF <id>");
        Thread.currentThread().join();
    }

    /**
     * {@code STORECAST_DATA}: where the local broker and store keep their data, or null for "none": a throwaway run
     * (benchmarks) — Kafka in a temporary directory, the store in memory, both gone at exit; the H2 file store is
     * several times slower to insert into than MongoDB (docs/performance.md).
     */
    static Path dataDir() {
        String setting = env("STORECAST_DATA", ".local/data");
        return "none".equals(setting) ? null : Path.of(setting).toAbsolutePath();
    }

    /**
     * The local broker's and store's data and fixed ports ({@code KAFKA_PORT}, {@code KAFKA_CONTROLLER_PORT},
     * {@code MONGO_PORT}).
     */
    static Infrastructure.LocalOptions localOptions(Path data) {
        return new Infrastructure.LocalOptions(data, Integer.parseInt(env("KAFKA_PORT", "29092")),
                Integer.parseInt(env("KAFKA_CONTROLLER_PORT", "29093")), Integer.parseInt(env("MONGO_PORT", "27027")));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
