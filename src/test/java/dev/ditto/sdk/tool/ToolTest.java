package dev.ditto.sdk.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void functionToolsRequireAnObjectSchemaAndCopyIt() throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
        FunctionTool tool = FunctionTool.of("get_weather", "Weather", schema).withStrict(true);

        schema.put("type", "array");
        ((ObjectNode) tool.parameters()).put("type", "string");

        assertThat(tool.parameters().path("type").asText()).isEqualTo("object");
        assertThat(tool.strict()).isTrue();
        assertThatThrownBy(() -> FunctionTool.of("f", null, JSON.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters of tool 'f' must be a JSON Schema object but was ARRAY");
    }

    @Test
    void providerDefinedToolsNameTheirProvider() {
        ProviderDefinedTool search = new ProviderDefinedTool("openai.web_search", "web_search",
                JSON.createObjectNode().put("search_context_size", "low"));

        assertThat(search.provider()).isEqualTo("openai");
        assertThat(search.arg("search_context_size").asText()).isEqualTo("low");
        assertThatThrownBy(() -> new ProviderDefinedTool("web_search", "web_search", JSON.createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider tool id must look like 'openai.web_search' but was 'web_search'");
    }

    @Test
    void toolChoicesAreAClosedSet() {
        assertThat(ToolChoice.auto()).isEqualTo(ToolChoice.Mode.AUTO);
        assertThat(ToolChoice.tool("f")).isEqualTo(new ToolChoice.Named("f"));
        assertThatThrownBy(() -> ToolChoice.tool(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tool choice must name a tool");
    }
}
