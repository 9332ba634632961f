package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON Schema in, Gemini's schema subset and the warnings out, as a table. */
class GeminiSchemaConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> schemas() {
        return Stream.of(
                Arguments.of("kept as is",
                        "{\"type\":\"object\",\"description\":\"d\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,"
                                + "\"maximum\":9,\"format\":\"int32\"}},\"required\":[\"n\"]}",
                        "{\"type\":\"object\",\"description\":\"d\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,"
                                + "\"maximum\":9,\"format\":\"int32\"}},\"required\":[\"n\"]}", 0),
                Arguments.of("nullable type array", "{\"type\":[\"string\",\"null\"]}",
                        "{\"nullable\":true,\"type\":\"string\"}", 0),
                Arguments.of("several types", "{\"type\":[\"string\",\"integer\"]}",
                        "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", 0),
                Arguments.of("anyOf with null", "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}",
                        "{\"nullable\":true,\"type\":\"string\"}", 0),
                Arguments.of("oneOf", "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}",
                        "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}", 1),
                Arguments.of("const", "{\"const\":\"yes\"}", "{\"enum\":[\"yes\"],\"type\":\"string\"}", 0),
                Arguments.of("annotations dropped silently",
                        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"x\",\"type\":\"object\","
                                + "\"properties\":{},\"additionalProperties\":false}",
                        "{\"type\":\"object\",\"properties\":{}}", 0),
                Arguments.of("unsupported keywords and formats warn",
                        "{\"type\":\"array\",\"uniqueItems\":true,\"items\":{\"type\":\"string\",\"format\":\"uri\"},"
                                + "\"additionalProperties\":{\"type\":\"string\"}}",
                        "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", 3),
                Arguments.of("exclusive bounds", "{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":true}",
                        "{\"type\":\"number\",\"minimum\":0}", 2),
                Arguments.of("local refs inlined",
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/Pt\"},\"b\":{\"$ref\":\"#/definitions/Pt\","
                                + "\"description\":\"second\"}},\"$defs\":{\"Pt\":{\"type\":\"object\",\"properties\":{\"x\":"
                                + "{\"type\":\"number\"}}}},\"definitions\":{\"Pt\":{\"type\":\"object\",\"properties\":{\"x\":"
                                + "{\"type\":\"number\"}}}}}",
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}}},"
                                + "\"b\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}},\"description\":\"second\"}}}", 0),
                Arguments.of("recursive ref",
                        "{\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/Node\"}}}},"
                                + "\"$ref\":\"#/$defs/Node\"}",
                        "{\"type\":\"object\",\"properties\":{\"next\":{\"type\":\"object\"}}}", 1),
                Arguments.of("allOf merged",
                        "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]},"
                                + "{\"properties\":{\"b\":{\"type\":\"string\"}},\"required\":[\"a\",\"b\"]}]}",
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}},"
                                + "\"required\":[\"a\",\"b\"]}", 1),
                Arguments.of("tuple items", "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"number\"}]}",
                        "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", 1),
                Arguments.of("examples become example", "{\"type\":\"string\",\"examples\":[\"a\",\"b\"]}",
                        "{\"type\":\"string\",\"example\":\"a\"}", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void convertsJsonSchema(String name, String schema, String expected, int warningCount) throws Exception {
        List<Warning> warnings = new ArrayList<>();

        JsonNode converted = GeminiSchemaConverter.convert(JSON.readTree(schema), "tools.f.parameters", warnings);

        assertThat(converted).isEqualTo(JSON.readTree(expected));
        assertThat(warnings).hasSize(warningCount)
                .allSatisfy(warning -> assertThat(warning.setting()).isEqualTo("tools.f.parameters"));
    }
}
