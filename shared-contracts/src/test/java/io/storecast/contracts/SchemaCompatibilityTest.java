package io.storecast.contracts;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A published schema version is a promise. {@code src/test/resources/published-schemas} holds a
 * frozen copy of every version ever released; the current schema of that version, and every later
 * version, must stay compatible with it. Editing a published schema in a breaking way fails here.
 */
class SchemaCompatibilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> every_published_schema_version_is_still_honoured() throws IOException {
        Path published = Paths.get("src/test/resources/published-schemas");
        try (Stream<Path> files = Files.walk(published)) {
            return files.filter(p -> p.toString().endsWith(".schema.json")).toList().stream().map(p -> {
                String name = p.getParent().getFileName().toString();
                int version = Integer.parseInt(p.getFileName().toString().replaceAll("^v(\\d+)\\..*", "$1"));
                return DynamicTest.dynamicTest(name + " v" + version, () -> {
                    JsonNode frozen = JSON.readTree(p.toFile());
                    Events.ALL.stream().filter(t -> t.name().equals(name) && t.version() >= version).forEach(t ->
                            assertThat(SchemaCompatibility.breakingChanges(frozen, current(t)))
                                    .as("%s v%d against published v%d", name, t.version(), version).isEmpty());
                    assertThat(Events.find(name, version)).as("published %s v%d still in the catalog", name, version)
                            .isPresent();
                });
            });
        }
    }

    @Test
    void every_current_schema_is_published() {
        Events.ALL.forEach(t -> assertThat(Paths.get("src/test/resources/published-schemas", t.name(),
                "v" + t.version() + ".schema.json")).as("freeze %s when releasing it", t.name()).exists());
    }

    @Test
    void the_checker_catches_each_kind_of_breaking_change() {
        JsonNode v1 = JSON.readTree("""
                {"type":"object","required":["a"],"properties":{
                  "a":{"type":"string"},"b":{"type":["string","null"]},
                  "k":{"enum":["X","Y"]},"n":{"type":"integer","minimum":0},
                  "lines":{"type":"array","items":{"type":"object","properties":{"q":{"type":"integer"}}}}}}""");
        assertThat(SchemaCompatibility.breakingChanges(v1, v1)).isEmpty();
        JsonNode compatible = JSON.readTree("""
                {"type":"object","required":["a"],"properties":{
                  "a":{"type":"string"},"b":{"type":["string","null"]},"c":{"type":"string"},
                  "k":{"enum":["X","Y","Z"]},"n":{"type":"integer","minimum":0},
                  "lines":{"type":"array","items":{"type":"object","properties":{"q":{"type":"integer"}}}}}}""");
        assertThat(SchemaCompatibility.breakingChanges(v1, compatible)).isEmpty();
        JsonNode breaking = JSON.readTree("""
                {"type":"object","required":["a","c"],"properties":{
                  "a":{"type":"integer"},"c":{"type":"string"},
                  "k":{"enum":["X"]},"n":{"type":"integer","minimum":1},
                  "lines":{"type":"array","items":{"type":"object","properties":{"q":{"type":"string"}}}}}}""");
        assertThat(SchemaCompatibility.breakingChanges(v1, breaking)).containsExactlyInAnyOrder(
                "$.c: new required property",
                "$.a: type narrowed from [string] to [integer]",
                "$.b: property removed",
                "$.k: enum narrowed from [X, Y] to [X]",
                "$.n: minimum tightened from 0 to 1",
                "$.lines[].q: type narrowed from [integer] to [string]");
        JsonNode tighter = JSON.readTree("""
                {"type":"object","required":["a"],"properties":{
                  "a":{"type":"string","maxLength":10,"format":"date-time"},"b":{"type":["string","null"]},
                  "k":{"enum":["X","Y"]},"n":{"type":"integer","minimum":0,"exclusiveMaximum":100},
                  "lines":{"type":"array","maxItems":5,"items":{"type":"object","properties":{"q":{"type":"integer"}}}}}}""");
        assertThat(SchemaCompatibility.breakingChanges(v1, tighter)).containsExactlyInAnyOrder(
                "$.a: format changed to \"date-time\"",
                "$.a: maxLength added",
                "$.n: exclusiveMaximum added",
                "$.lines: maxItems added");
    }

    private static JsonNode current(EventType<?> t) {
        try (InputStream in = SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream(t.schemaResource())) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
