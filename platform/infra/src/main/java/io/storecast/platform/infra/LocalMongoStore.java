package io.storecast.platform.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A MongoDB-compatible server (mongo-java-server) on loopback: in memory for tests, or an H2 file so
 * the local run keeps its data across restarts. No transactions, no TTL: our code never needs them.
 */
public final class LocalMongoStore implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;

    private LocalMongoStore(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Keeps data in memory only; {@code port} 0 picks a free port. */
    public static LocalMongoStore inMemory(int port) {
        return start(new MemoryBackend(), port);
    }

    /** Keeps data in an H2 MVStore file; {@code port} 0 picks a free port. */
    public static LocalMongoStore onDisk(Path file, int port) {
        return start(new H2Backend(file.toString()), port);
    }

    private static LocalMongoStore start(MongoBackend backend, int port) {
        MongoServer server = new MongoServer(backend);
        int p = port == 0 ? Ports.free() : port;
        server.bind("127.0.0.1", p);
        return new LocalMongoStore(server, new InetSocketAddress("127.0.0.1", p));
    }

    /** A connection string for one service's database. */
    public String uri(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
