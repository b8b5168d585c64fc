package io.storecast.launcher;

import io.storecast.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the Kubernetes manifests held to the services' own configuration, since no container runs
 * where they are built: each service's image, port and database as its configuration has them, and no variable the
 * service does not read; the topics created for compose and declared for Strimzi the same, with every event topic.
 * (That the services create no topic beyond that list is {@link EndToEndTest}'s to check, on a running stack.)
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("../..");
    private static final String VERSION = "0.1.0";
    /**
     * Read by every service though not placeholders in its file, bound to properties by Spring's relaxed binding:
     * {@code storecast.partitions}, and where traces go and how many (platform/runtime's tracing).
     */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("STORECAST_PARTITIONS",
            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "MANAGEMENT_TRACING_SAMPLING_PROBABILITY");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+):([^}]*)}");

    /** A service as its own configuration file has it: its port and database, and the variables it reads. */
    record Service(String name, int port, String database, Set<String> variables) {

        static Service of(String name) {
            String text;
            try (InputStream in = DeploymentFilesTest.class.getResourceAsStream("/" + name + ".yml")) {
                text = new String(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> defaults = new TreeMap<>();
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                defaults.put(m.group(1), m.group(2));
            }
            Set<String> variables = new TreeSet<>(defaults.keySet());
            variables.addAll(PLATFORM_VARIABLES);
            String mongo = defaults.get("MONGO_URI");
            return new Service(name, Integer.parseInt(defaults.get("PORT")), mongo.substring(mongo.lastIndexOf('/') + 1),
                    variables);
        }
    }

    @Test
    void compose_runs_each_service_on_its_own_port_database_and_variables() {
        Map<String, Object> services = map(yaml(ROOT.resolve("docker-compose.yml")).getFirst(), "services");
        for (String name : LocalStack.ALL) {
            Service own = Service.of(name);
            Map<String, Object> s = map(services, name);
            assertThat(s.get("image")).as(name).isEqualTo("storecast/" + name + ":" + VERSION);
            assertThat(map(map(s, "build"), "args")).as(name).isEqualTo(Map.of("SERVICE", name));
            Map<String, Object> env = map(s, "environment");
            assertThat(own.variables()).as(name + " reads every variable compose sets").containsAll(env.keySet());
            assertThat(env.get("PORT")).as(name).isEqualTo(String.valueOf(own.port()));
            assertThat(env.get("KAFKA_BOOTSTRAP")).as(name).isEqualTo("kafka:9092");
            assertThat(env.get("MONGO_URI")).as(name)
                    .isEqualTo("mongodb://mongo:27017/" + own.database() + "?replicaSet=storecast");
            assertThat(s.get("ports")).as(name).isEqualTo(List.of(own.port() + ":" + own.port()));
        }
    }

    @Test
    void kubernetes_runs_each_service_on_its_own_port_database_and_variables_with_the_health_groups_as_probes() {
        Map<String, Object> config = null, secrets = null;
        for (Map<String, Object> r : yaml(ROOT.resolve("deploy/k8s/base/config.yaml"))) {
            switch ((String) r.get("kind")) {
                case "ConfigMap" -> config = map(r, "data");
                case "Secret" -> secrets = map(r, "stringData");
                default -> { }
            }
        }
        for (String name : LocalStack.ALL) {
            Service own = Service.of(name);
            Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
            yaml(ROOT.resolve("deploy/k8s/base/" + name + ".yaml")).forEach(r -> byKind.put((String) r.get("kind"), r));
            assertThat(byKind.keySet()).as(name)
                    .containsExactly("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");

            Map<String, Object> container = list(map(map(map(byKind.get("Deployment"), "spec"), "template"), "spec"),
                    "containers").getFirst();
            assertThat(container.get("image")).as(name).isEqualTo("storecast/" + name + ":" + VERSION);
            assertThat(list(container, "ports")).as(name)
                    .containsExactly(Map.of("name", "http", "containerPort", own.port()));
            assertThat(map(map(container, "livenessProbe"), "httpGet"))
                    .isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "http"));
            assertThat(map(map(container, "readinessProbe"), "httpGet"))
                    .isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "http"));

            Map<String, Map<String, Object>> env = new TreeMap<>();
            list(container, "env").forEach(e -> env.put((String) e.get("name"), map(e, "valueFrom")));
            assertThat(own.variables()).as(name + " reads every variable Kubernetes sets").containsAll(env.keySet());
            for (Map.Entry<String, Map<String, Object>> e : env.entrySet()) {
                Map<String, Object> from = e.getValue();
                if (from.containsKey("configMapKeyRef")) {
                    assertThat(config).as(name + " " + e.getKey()).containsKey(
                            (String) map(from, "configMapKeyRef").get("key"));
                } else if (from.containsKey("secretKeyRef")) {
                    assertThat(secrets).as(name + " " + e.getKey()).containsKey(
                            (String) map(from, "secretKeyRef").get("key"));
                }
            }
            String mongoKey = (String) map(env.get("MONGO_URI"), "secretKeyRef").get("key");
            assertThat((String) secrets.get(mongoKey)).as(name).contains(":27017/" + own.database() + "?");

            assertThat(list(map(byKind.get("Service"), "spec"), "ports"))
                    .containsExactly(Map.of("name", "http", "port", own.port(), "targetPort", "http"));
        }
    }

    /**
     * Prometheus scrapes every service as job storecast with a service label, the names the alert rules use: compose's
     * at each service's own port, the Prometheus Operator's through the pods' labels; and the operator's rules are
     * alerts.yml's, which promtool tests.
     */
    @Test
    void prometheus_scrapes_every_service_as_the_alert_rules_name_it_in_compose_and_kubernetes() {
        Map<String, Object> config = yaml(ROOT.resolve("deploy/prometheus/prometheus.yml")).getFirst();
        Map<String, Object> job = list(config, "scrape_configs").getFirst();
        assertThat(job.get("job_name")).isEqualTo("storecast");
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        Map<String, Object> scraped = new TreeMap<>();
        list(job, "static_configs").forEach(c -> scraped.put((String) map(c, "labels").get("service"), c.get("targets")));
        Map<String, Object> expected = new TreeMap<>();
        LocalStack.ALL.forEach(name -> expected.put(name, List.of(name + ":" + Service.of(name).port())));
        assertThat(scraped).isEqualTo(expected);

        Map<String, Map<String, Object>> monitoring = new TreeMap<>();
        for (String file : List.of("podmonitor.yaml", "prometheusrule.yaml")) {
            yaml(ROOT.resolve("deploy/k8s/monitoring/" + file)).forEach(r -> monitoring.put((String) r.get("kind"), r));
        }
        Map<String, Object> podMonitor = map(monitoring.get("PodMonitor"), "spec");
        assertThat(podMonitor.get("jobLabel")).isEqualTo("app.kubernetes.io/part-of");
        assertThat(list(map(podMonitor, "selector"), "matchExpressions").getFirst().get("values"))
                .isEqualTo(LocalStack.ALL);
        Map<String, Object> endpoint = list(podMonitor, "podMetricsEndpoints").getFirst();
        assertThat(endpoint.get("port")).isEqualTo("http");
        assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
        assertThat(list(endpoint, "relabelings")).containsExactly(Map.of(
                "sourceLabels", List.of("__meta_kubernetes_pod_label_app_kubernetes_io_name"), "targetLabel", "service"));
        for (String name : LocalStack.ALL) {
            Map<String, Object> pod = map(map(yaml(ROOT.resolve("deploy/k8s/base/" + name + ".yaml")).getFirst(),
                    "spec"), "template");
            assertThat(map(map(pod, "metadata"), "labels")).as(name)
                    .isEqualTo(Map.of("app.kubernetes.io/name", name, "app.kubernetes.io/part-of", "storecast"));
        }
        assertThat(map(monitoring.get("PrometheusRule"), "spec").get("groups")).as("prometheusrule.yaml's groups")
                .isEqualTo(yaml(ROOT.resolve("deploy/prometheus/alerts.yml")).getFirst().get("groups"));
    }

    @Test
    void compose_and_strimzi_declare_the_same_topics_with_every_event_topic() {
        Map<String, String> listed = new TreeMap<>();
        for (String line : lines(ROOT.resolve("deploy/kafka/topics"))) {
            String[] f = line.split("\\s+");
            assertThat(f.length).as(line).isBetween(3, 4);
            assertThat(f[2]).as(line).isIn("events", "internal", "dead-letters");
            listed.put(f[0], f[1] + " " + f[2] + " " + (f.length == 4 ? f[3] : ""));
        }
        Map<String, String> declared = new TreeMap<>();
        for (Map<String, Object> r : yaml(ROOT.resolve("deploy/k8s/base/topics.yaml"))) {
            assertThat(r.get("apiVersion")).isEqualTo("kafka.strimzi.io/v1");
            assertThat(r.get("kind")).isEqualTo("KafkaTopic");
            Map<String, Object> labels = map(map(r, "metadata"), "labels");
            assertThat(labels.get("strimzi.io/cluster")).isEqualTo("storecast");
            Map<String, Object> config = map(r, "spec").containsKey("config") ? map(map(r, "spec"), "config") : Map.of();
            declared.put((String) map(r, "metadata").get("name"), map(r, "spec").get("partitions") + " "
                    + labels.get("storecast.io/topic-kind") + " " + String.join(",", config.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue()).sorted().toList()));
        }
        assertThat(declared).isEqualTo(listed);
        assertThat(listed.keySet()).containsAll(Topics.ALL);
        // as the services create them (StorecastRuntimeAutoConfiguration): three partitions, a dead-letter topic one,
        // and the raw clicks kept for good
        listed.forEach((topic, how) -> assertThat(how).as(topic).isEqualTo(topic.endsWith(".dlt") ? "1 dead-letters "
                : topic.equals(Topics.LINK_CLICKS) ? "3 events retention.ms=-1"
                : Topics.ALL.contains(topic) ? "3 events " : "3 internal "));
    }

    /** The topics of deploy/kafka/topics (names only), for the check against a running stack. */
    static Set<String> listedTopics() {
        Set<String> out = new TreeSet<>();
        lines(ROOT.resolve("deploy/kafka/topics")).forEach(l -> out.add(l.split("\\s+")[0]));
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> yaml(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Object doc : new Yaml().loadAll(in)) {
                if (doc != null) {
                    docs.add(cast(doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).as("has " + key).containsKey(key);
        return cast(parent.get(key));
    }

    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        assertThat(parent).as("has " + key).containsKey(key);
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
