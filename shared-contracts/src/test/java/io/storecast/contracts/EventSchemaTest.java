package io.storecast.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record, serialised the way we publish it, is valid against its JSON Schema — the contract. */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static JsonSchema schemaOf(EventType<?> type) throws IOException {
        try (InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema %s", type.schemaResource()).isNotNull();
            return FACTORY.getSchema(JSON.readTree(in));
        }
    }

    @TestFactory
    Stream<DynamicTest> every_sample_of_every_event_validates_against_its_schema() {
        return Events.ALL.stream().flatMap(type -> Samples.of(type).stream().map(sample ->
                DynamicTest.dynamicTest(type.name() + " v" + type.version(), () -> {
                    JsonNode json = JSON.readTree(EventJson.write(sample));
                    Set<ValidationMessage> errors = schemaOf(type).validate(json);
                    assertThat(errors).as(json.toString()).isEmpty();
                    assertThat(EventJson.read(EventJson.write(sample), type.payloadType())).isEqualTo(sample);
                })));
    }

    @Test
    void a_payload_missing_a_required_field_is_rejected() throws IOException {
        JsonNode json = JSON.readTree("{\"orderId\":\"o1\",\"customerId\":\"c1\",\"sessionId\":\"s\","
                + "\"paymentId\":\"p\",\"lines\":[],\"amount\":-1,\"currency\":\"CNY\",\"placedAt\":\"2026-11-11T12:00:00Z\"}");
        Set<ValidationMessage> errors = schemaOf(Events.ORDER_PAID).validate(json);
        assertThat(errors).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("paidAt"))
                .anyMatch(m -> m.contains("amount"))
                .anyMatch(m -> m.contains("lines"));
    }

    @Test
    void event_names_are_unique_and_never_java_class_names() {
        assertThat(Events.ALL).extracting(t -> t.name() + ":" + t.version()).doesNotHaveDuplicates();
        assertThat(Events.ALL).allSatisfy(t -> assertThat(t.name()).startsWith("storecast.").doesNotContain("io."));
        assertThat(Events.ALL).allSatisfy(t -> assertThat(Topics.ALL).contains(t.topic()));
    }
}
