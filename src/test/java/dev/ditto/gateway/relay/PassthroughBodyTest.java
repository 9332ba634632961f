package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The passthrough body: the client's bytes with only the model (and, when asked, the usage option) changed. */
class PassthroughBodyTest {

    private final ObjectMapper json = new ObjectMapper();

    private String rewrite(String client, String model, boolean addUsage) {
        return new String(PassthroughBody.rewrite(client.getBytes(StandardCharsets.UTF_8), model, addUsage, json),
                StandardCharsets.UTF_8);
    }

    private JsonNode tree(String body) throws Exception {
        return json.readTree(body);
    }

    @Test
    void replacesTheModelAndKeepsEveryOtherByte() {
        String client = "{\"model\":\"fast\",\"max_tokens\":64,\"temperature\":1.0E0,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}";

        assertThat(rewrite(client, "gpt-4o-mini", false)).isEqualTo(client.replace("\"fast\"", "\"gpt-4o-mini\""));
    }

    @Test
    void keepsTheClientsSpacingAndFieldOrder() {
        String client = "{\n  \"messages\" : [ ],\n  \"model\" :  \"fast\" ,\n  \"stream\": true\n}\n";

        assertThat(rewrite(client, "gpt-4o", false))
                .isEqualTo("{\n  \"messages\" : [ ],\n  \"model\" :  \"gpt-4o\" ,\n  \"stream\": true\n}\n");
    }

    @Test
    void replacesAModelWhoseValueHasEscapesAndUnicode() throws Exception {
        String client = "{\"model\":\"f\\\"a\\\\s\\u0074 \u00e9\u4e16\ud83d\ude00\",\"user\":\"\u00e9\"}";

        String sent = rewrite(client, "gpt-4o", false);

        assertThat(sent).isEqualTo("{\"model\":\"gpt-4o\",\"user\":\"\u00e9\"}");
    }

    @Test
    void escapesTheNewModelValue() throws Exception {
        String model = "org/\"quoted\"\\model\u0001\u00e9\u4e16";

        String sent = rewrite("{\"model\":\"fast\",\"n\":1}", model, false);

        assertThat(tree(sent).get("model").asText()).isEqualTo(model);
        assertThat(tree(sent).get("n").asInt()).isEqualTo(1);
    }

    @Test
    void leavesNestedModelKeysAlone() throws Exception {
        String client = "{\"metadata\":{\"model\":\"inner\"},\"tools\":[{\"model\":\"x\",\"a\":[\"model\"]}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"\\\"model\\\":\\\"fast\\\"\"}],\"model\":\"fast\"}";

        String sent = rewrite(client, "gpt-4o", false);

        assertThat(sent).isEqualTo(client.substring(0, client.lastIndexOf("\"fast\"")) + "\"gpt-4o\"}");
        assertThat(tree(sent).at("/metadata/model").asText()).isEqualTo("inner");
    }

    @Test
    void replacesEveryTopLevelModelOfABodyThatRepeatsIt() throws Exception {
        String sent = rewrite("{\"model\":\"a\",\"n\":1,\"model\":\"b\"}", "gpt-4o", false);

        assertThat(sent).isEqualTo("{\"model\":\"gpt-4o\",\"n\":1,\"model\":\"gpt-4o\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "-1.5e3", "true", "{\"id\":\"fast\",\"model\":\"x\"}", "[\"a\",{\"b\":[]}]"})
    void replacesAModelValueThatIsNotAString(String value) {
        String client = "{\"model\":" + value + ",\"n\":1}";

        assertThat(rewrite(client, "gpt-4o", false)).isEqualTo("{\"model\":\"gpt-4o\",\"n\":1}");
    }

    @Test
    void addsAMissingModel() throws Exception {
        assertThat(rewrite("{\"messages\":[]}", "gpt-4o", false)).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[]}");
        assertThat(rewrite(" { } ", "gpt-4o", false)).isEqualTo(" {\"model\":\"gpt-4o\" } ");
    }

    @Test
    void addsTheUsageOptionWhenAsked() throws Exception {
        String sent = rewrite("{\"model\":\"fast\",\"stream\":true}", "gpt-4o", true);

        assertThat(sent).isEqualTo("{\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o\",\"stream\":true}");
        assertThat(rewrite("{}", "gpt-4o", true))
                .isEqualTo("{\"model\":\"gpt-4o\",\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void mergesTheUsageOptionIntoTheClientsStreamOptions() throws Exception {
        String sent = rewrite("{\"model\":\"fast\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}",
                "gpt-4o", true);

        JsonNode tree = tree(sent);
        assertThat(tree.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(tree.get("stream_options")).isEqualTo(tree("{\"include_obfuscation\":false,\"include_usage\":true}"));
    }

    @Test
    void leavesTheClientsStreamOptionsAloneWhenUsageIsNotAdded() {
        String client = "{\"model\":\"fast\",\"stream_options\":{\"include_usage\":false}}";

        assertThat(rewrite(client, "gpt-4o", false))
                .isEqualTo("{\"model\":\"gpt-4o\",\"stream_options\":{\"include_usage\":false}}");
    }

    @Test
    void aBodyWithAByteOrderMarkIsRewrittenThroughTheTree() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "{\"model\":\"fast\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] client = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, client, 0, bom.length);
        System.arraycopy(body, 0, client, bom.length, body.length);

        byte[] sent = PassthroughBody.rewrite(client, "gpt-4o", false, json);

        assertThat(json.readTree(sent)).isEqualTo(tree("{\"model\":\"gpt-4o\",\"n\":1}"));
    }

    @Test
    void aUtf16BodyIsRewrittenThroughTheTree() throws Exception {
        byte[] client = "{\"model\":\"f\u00e9\",\"n\":1}".getBytes(StandardCharsets.UTF_16BE);

        byte[] sent = PassthroughBody.rewrite(client, "gpt-4o", false, json);

        assertThat(json.readTree(sent)).isEqualTo(tree("{\"model\":\"gpt-4o\",\"n\":1}"));
    }

    @Test
    void contentAfterTheObjectIsNotSent() throws Exception {
        assertThat(rewrite("{\"model\":\"fast\"} {\"x\":1}", "gpt-4o", false)).isEqualTo("{\"model\":\"gpt-4o\"}");
    }

    @Test
    void theClientsBytesAreNotChanged() {
        byte[] client = "{\"model\":\"fast\"}".getBytes(StandardCharsets.UTF_8);

        PassthroughBody.rewrite(client, "a-much-longer-model-name", true, json);

        assertThat(new String(client, StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"fast\"}");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> PassthroughBody.rewrite("[1]".getBytes(StandardCharsets.UTF_8), "m", false, json))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
