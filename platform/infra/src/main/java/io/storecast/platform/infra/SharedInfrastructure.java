package io.storecast.platform.infra;

import java.util.function.Consumer;

/**
 * One broker and one store per test JVM, started on first use and stopped when the JVM exits. Every
 * integration test of every module goes through here; tests keep apart by using their own ids and,
 * where it matters, their own databases.
 */
public final class SharedInfrastructure {

    private static Infrastructure instance;
    /** The JVM's hook that stops it, until {@link #stopWith} hands the stop to another. */
    private static Thread hook;

    private SharedInfrastructure() {
    }

    public static synchronized Infrastructure get() {
        if (instance == null) {
            instance = Infrastructure.start(Infrastructure.LocalOptions.ephemeral());
            hook = new Thread(instance::close, "storecast-infra-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return instance;
    }

    /**
     * Stops the broker and the store through {@code register} instead of a JVM hook of their own, which runs alongside
     * every other hook: Spring Boot's closes the test JVM's application contexts, whose streams and clients wait for
     * a broker stopped under them (up to 20 s a stream) unless it stops after them. Once is enough; a later call,
     * or one after the JVM has begun to exit, changes nothing.
     */
    public static synchronized void stopWith(Consumer<Runnable> register) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            return;     // the JVM's hook runs already
        }
        hook = null;
        register.accept(instance::close);
    }
}
