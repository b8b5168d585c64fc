package io.storecast.platform.infra;

/**
 * One broker and one store per test JVM, started on first use and stopped when the JVM exits. Every
 * integration test of every module goes through here; tests keep apart by using their own ids and,
 * where it matters, their own databases.
 */
public final class SharedInfrastructure {

    private static Infrastructure instance;

    private SharedInfrastructure() {
    }

    public static synchronized Infrastructure get() {
        if (instance == null) {
            instance = Infrastructure.start(Infrastructure.LocalOptions.ephemeral());
            Infrastructure started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "storecast-infra-stop"));
        }
        return instance;
    }
}
