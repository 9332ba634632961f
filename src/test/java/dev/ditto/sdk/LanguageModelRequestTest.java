package dev.ditto.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageModelRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FunctionTool WEATHER = FunctionTool.of("get_weather", "Weather for a city",
            JSON.createObjectNode().put("type", "object"));
    private static final FunctionTool TIME = FunctionTool.of("get_time", null, JSON.createObjectNode().put("type", "object"));

    private static LanguageModelRequestBuilder base() {
        return LanguageModelRequest.builder().message(Message.user("hi"));
    }

    @Test
    void leavesUnsetSettingsNullSoProviderDefaultsApply() {
        LanguageModelRequest request = LanguageModelRequest.of("hi");

        assertThat(request.messages()).containsExactly(Message.user("hi"));
        assertThat(request.temperature()).isNull();
        assertThat(request.maxOutputTokens()).isNull();
        assertThat(request.toolChoice()).isNull();
        assertThat(request.tools()).isEmpty();
        assertThat(request.providerOptions()).isEmpty();
    }

    @Test
    void rejectsOutOfRangeValuesQuotingThem() {
        assertThatThrownBy(() -> base().temperature(2.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("temperature must be in [0.0, 2.0] but was 2.5");
        assertThatThrownBy(() -> base().temperature(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was NaN");
        assertThatThrownBy(() -> base().topP(1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("topP must be in [0.0, 1.0] but was 1.1");
        assertThatThrownBy(() -> base().topK(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("topK must be at least 1 but was 0");
        assertThatThrownBy(() -> base().maxOutputTokens(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxOutputTokens must be at least 1 but was 0");
        assertThatThrownBy(() -> base().presencePenalty(-2.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("presencePenalty must be in [-2.0, 2.0] but was -2.1");
        assertThatThrownBy(() -> base().stopSequences(List.of("END", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stop sequences must not be empty but got ['END', '']");
    }

    @Test
    void rejectsAToolAddedTwice() {
        assertThatThrownBy(() -> base().tool(WEATHER).tool(WEATHER))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tool 'get_weather' was already added");
        assertThatThrownBy(() -> base().tools(List.of(WEATHER, TIME, WEATHER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool 'get_weather' appears twice in [get_weather, get_time, get_weather]");
    }

    @Test
    void rejectsANamedToolChoiceWithoutThatTool() {
        LanguageModelRequestBuilder builder = base().tool(WEATHER).toolChoice(ToolChoice.tool("get_time"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("toolChoice names tool 'get_time' but the tools are [get_weather]");
    }

    @Test
    void acceptsANamedToolChoiceSetBeforeItsTool() {
        LanguageModelRequest request = base().toolChoice(ToolChoice.tool("get_time")).tool(TIME).build();

        assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("get_time"));
    }

    @Test
    void rejectsARequiredToolChoiceWithoutTools() {
        assertThatThrownBy(() -> base().toolChoice(ToolChoice.required()).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("toolChoice is REQUIRED but no tools were given");
    }

    @Test
    void rejectsReasoningEffortNoneWithABudgetInEitherOrder() {
        assertThatThrownBy(() -> base().reasoningEffort(ReasoningEffort.NONE).reasoningBudgetTokens(1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reasoningEffort NONE contradicts reasoningBudgetTokens 1024");
        assertThatThrownBy(() -> base().reasoningBudgetTokens(1024).reasoningEffort(ReasoningEffort.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reasoningEffort NONE contradicts reasoningBudgetTokens 1024");
        assertThat(base().reasoningEffort(ReasoningEffort.NONE).reasoningBudgetTokens(0).build().reasoningBudgetTokens())
                .isZero();
    }

    @Test
    void rejectsAReasoningBudgetThatDoesNotFitInTheOutputInEitherOrder() {
        assertThatThrownBy(() -> base().maxOutputTokens(1024).reasoningBudgetTokens(2048))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reasoningBudgetTokens 2048 must be less than maxOutputTokens 1024, which includes the reasoning");
        assertThatThrownBy(() -> base().reasoningBudgetTokens(1024).maxOutputTokens(1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reasoningBudgetTokens 1024 must be less than maxOutputTokens 1024");
    }

    @Test
    void rejectsARequestWithoutMessages() {
        assertThatThrownBy(() -> LanguageModelRequest.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("a request needs at least one message");
    }

    @Test
    void copiesProviderOptionsOnTheWayInAndOut() {
        ObjectNode anthropic = JSON.createObjectNode().put("cacheControl", "ephemeral");
        LanguageModelRequest request = base().providerOptions("anthropic", anthropic).build();

        anthropic.put("cacheControl", "changed");
        request.providerOptions("anthropic").orElseThrow().put("cacheControl", "changed too");
        request.providerOptions().get("anthropic").put("x", 1);

        assertThat(request.providerOptions("anthropic").orElseThrow().path("cacheControl").asText()).isEqualTo("ephemeral");
        assertThat(request.providerOptions("anthropic").orElseThrow().has("x")).isFalse();
        assertThat(request.providerOptions("openai")).isEmpty();
    }

    @Test
    void toBuilderRoundTripsEverySettingAndLeavesTheOriginalAlone() {
        LanguageModelRequest original = base().temperature(0.3).topP(0.9).topK(40).maxOutputTokens(4000)
                .stopSequences(List.of("END")).seed(7L).presencePenalty(0.5).frequencyPenalty(-0.5)
                .tool(WEATHER).toolChoice(ToolChoice.tool("get_weather"))
                .responseFormat(ResponseFormat.jsonSchema("report", JSON.createObjectNode().put("type", "object")))
                .reasoningEffort(ReasoningEffort.HIGH).reasoningBudgetTokens(2000).parallelToolCalls(false)
                .user("u-1").metadata("team", "a").providerOptions("openai", JSON.createObjectNode().put("store", true))
                .build();

        LanguageModelRequest copy = original.toBuilder().build();
        LanguageModelRequest changed = original.toBuilder().temperature(1.0).message(Message.assistant("ok")).build();

        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(changed.temperature()).isEqualTo(1.0);
        assertThat(changed.messages()).hasSize(2);
        assertThat(original.temperature()).isEqualTo(0.3);
        assertThat(original.messages()).hasSize(1);
    }

    @Test
    void describesSettingsButNotMessageContent() {
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("secret prompt"))
                .temperature(0.2).tool(WEATHER).build();

        assertThat(request.toString())
                .isEqualTo("LanguageModelRequest{messages=1, temperature=0.2, tools=1}")
                .doesNotContain("secret");
    }

    @Test
    void exposesUnmodifiableCollections() {
        LanguageModelRequest request = base().tool(WEATHER).stopSequences(List.of("x")).build();

        assertThatThrownBy(() -> request.messages().add(Message.user("more"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.tools().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.stopSequences().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
