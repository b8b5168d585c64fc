package io.storecast.platform.streams;

import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The other instances of a stream, for interactive queries across them: whether a host is this instance, and an HTTP
 * GET of another instance's internal endpoint for what its state stores hold, carrying the instances' shared secret
 * in {@value #HEADER} where the service checks callers (ADR 0009).
 */
public final class Peers {

    /** The header an instance proves itself to another with. */
    public static final String HEADER = "X-Storecast-Peer";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final StreamsApp app;
    private final String secret;

    public Peers(StreamsApp app) {
        this(app, null);
    }

    /** {@code secret}: sent in {@value #HEADER}; null or blank sends none. */
    public Peers(StreamsApp app, String secret) {
        this.app = app;
        this.secret = secret == null || secret.isBlank() ? null : secret;
    }

    public boolean isSelf(HostInfo host) {
        return (host.host() + ":" + host.port()).equals(app.advertised());
    }

    /**
     * The body of the peer's 200 answer to {@code path}.
     *
     * @throws PeerUnavailableException when it answers otherwise, or not within {@code timeout}
     */
    public String get(HostInfo host, String path, Duration timeout) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                    + path)).timeout(timeout).GET();
            if (secret != null) {
                request.header(HEADER, secret);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new PeerUnavailableException("instance " + host + " answered " + r.statusCode() + " for " + path,
                        null);
            }
            return r.body();
        } catch (IOException e) {
            throw new PeerUnavailableException("instance " + host + " did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted asking " + host, e);
        }
    }

    public static final class PeerUnavailableException extends RuntimeException {
        public PeerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
