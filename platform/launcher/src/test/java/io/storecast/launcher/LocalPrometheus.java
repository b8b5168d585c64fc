package io.storecast.launcher;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Debian's Prometheus (the {@code prometheus} on the PATH) scraping a running stack's four services every second,
 * as job {@code storecast}, and answering PromQL. Absent, it is skipped — unless {@code STORECAST_REQUIRE_PROMETHEUS}
 * is set (CI sets it, having installed the package), when its absence fails the test.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("\\b(storecast|kafka|http)_[a-z_]+\\b");

    private final Process process;
    private final Path dir;
    private final String url;

    private LocalPrometheus(Process process, Path dir, String url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    /** Prometheus scraping {@code stack}, or null when it is not installed and not required. */
    static LocalPrometheus startIfInstalled(LocalStack stack) throws IOException {
        Path binary = onPath("prometheus");
        if (binary == null) {
            if (System.getenv("STORECAST_REQUIRE_PROMETHEUS") != null) {
                throw new IllegalStateException("prometheus is not on the PATH (Debian: apt-get install prometheus)");
            }
            System.out.println("prometheus is not installed: the scrape of the services is skipped");
            return null;
        }
        Path dir = Files.createTempDirectory("storecast-prometheus");
        // as deploy/prometheus/prometheus.yml has it (job storecast, each service labelled), with its alert rules
        String targets = LocalStack.ALL.stream().map(s -> "      - {targets: [\"127.0.0.1:" + stack.port(s)
                + "\"], labels: {service: " + s + "}}\n").collect(Collectors.joining());
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [%s]
                scrape_configs:
                  - job_name: storecast
                    metrics_path: /actuator/prometheus
                    static_configs:
                """.formatted(Path.of("../../deploy/prometheus/alerts.yml").toAbsolutePath().normalize()) + targets);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return new LocalPrometheus(p, dir, "http://127.0.0.1:" + port);
    }

    /**
     * The value of an instant query that answers one number (a sum, a count), or null while it answers nothing —
     * no such series yet, or Prometheus not ready.
     */
    Double query(String promql) {
        try {
            HttpResponse<String> r = get(queryPath(promql));
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode result = JSON.readTree(r.body()).get("data").get("result");
            if (result.isEmpty()) {
                return null;
            }
            if (result.size() > 1) {
                throw new IllegalArgumentException(promql + " answers " + result.size() + " series");
            }
            return Double.valueOf(result.get(0).get("value").get(1).asString());
        } catch (IOException e) {
            return null;            // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The series an instant query answers, each as its values of {@code labels} joined by a space, sorted; empty while
     * it answers nothing.
     */
    List<String> series(String promql, String... labels) throws IOException, InterruptedException {
        HttpResponse<String> r = get(queryPath(promql));
        List<String> out = new ArrayList<>();
        if (r.statusCode() == 200) {
            JSON.readTree(r.body()).get("data").get("result").forEach(series -> {
                List<String> values = new ArrayList<>();
                for (String label : labels) {
                    values.add(series.get("metric").path(label).asString(""));
                }
                out.add(String.join(" ", values));
            });
        }
        out.sort(null);
        return out;
    }

    /** Whether Prometheus accepts {@code promql} as a query (a syntax error answers 400). */
    boolean accepts(String promql) {
        try {
            return get(queryPath(promql)).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The names of every metric Prometheus holds. */
    Set<String> metricNames() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/label/__name__/values");
        Set<String> names = new TreeSet<>();
        JSON.readTree(r.body()).get("data").forEach(n -> names.add(n.asString()));
        return names;
    }

    private static String queryPath(String promql) {
        return "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every Prometheus query of the dashboards in deploy/grafana/dashboards. */
    static List<String> dashboardQueries() throws IOException {
        List<String> out = new ArrayList<>();
        try (var files = Files.list(Path.of("../../deploy/grafana/dashboards"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                JSON.readTree(f.toFile()).get("panels").forEach(panel -> panel.get("targets").forEach(t -> {
                    if (t.has("expr")) {
                        out.add(t.get("expr").asString());
                    }
                }));
            }
        }
        return out;
    }

    /** The metric names a query reads (storecast's own, Kafka's and HTTP's). */
    static Set<String> metricsIn(String promql) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path onPath(String name) {
        for (String d : List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
