package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published JSON Schema accepts the sample flows and rejects what the loader rejects. */
class FlowSchemaTest {

    private static final Path CONFIG = Path.of("").toAbsolutePath().getParent().resolve("config");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema() throws Exception {
        JsonNode schema = JSON.readTree(CONFIG.resolve("schema/flow.schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    @Test
    void everySampleFlowValidatesAgainstTheSchemaAndLoads() throws Exception {
        JsonSchema schema = schema();
        List<Path> flows;
        try (var files = Files.list(CONFIG.resolve("flows"))) {
            flows = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(flows).hasSizeGreaterThanOrEqualTo(4);
        for (Path f : flows) {
            Set<ValidationMessage> errors = schema.validate(YAML.readTree(f.toFile()));
            assertThat(errors).as(f.toString()).isEmpty();
            assertThat(new FlowLoader().load(f).steps()).isNotEmpty();
        }
    }

    @Test
    void theSchemaRejectsUnknownTypesMissingExitsAndBadKeys() throws Exception {
        JsonSchema schema = schema();
        assertThat(schema.validate(YAML.readTree("""
                name: x
                start: a
                steps:
                  a: {type: dance}
                """))).isNotEmpty();
        assertThat(schema.validate(YAML.readTree("""
                name: x
                start: a
                steps:
                  a: {type: play, prompts: [hello]}
                """))).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("next"));
        assertThat(schema.validate(YAML.readTree("""
                name: x
                start: a
                steps:
                  a: {type: menu, prompts: [hello], choices: {"12": b}, fallback: b}
                  b: {type: hangup}
                """))).isNotEmpty();
        assertThat(schema.validate(YAML.readTree("""
                name: x
                start: a
                steps:
                  a: {type: menu, prompts: [hello], choices: {"1": b}, fallback: b}
                  b: {type: hangup}
                """))).isEmpty();
    }
}
