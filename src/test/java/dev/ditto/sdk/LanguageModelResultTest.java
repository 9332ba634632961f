package dev.ditto.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import org.junit.jupiter.api.Test;

class LanguageModelResultTest {

    private static final ToolCallPart CALL = ToolCallPart.of("call_1", "get_weather", "{\"city\":\"Paris\"}");

    private static LanguageModelResult result() {
        return LanguageModelResult.builder()
                .addContent(ReasoningPart.signed("Think. ", "sig"))
                .addContent(TextPart.of("Hello "))
                .addContent(CALL)
                .addContent(TextPart.of("world"))
                .finishReason(FinishReason.TOOL_CALLS, "tool_use")
                .usage(Usage.builder().inputTokens(10L).outputTokens(5L).build())
                .addWarning(Warning.unsupportedSetting("seed", "anthropic has no seed"))
                .providerMetadata(ProviderMetadata.empty().with("anthropic", "stopSequence", "END"))
                .responseId("msg_1").modelId("claude-x")
                .build();
    }

    @Test
    void joinsTextAndReasoningAndListsToolCallsInOrder() {
        LanguageModelResult result = result();

        assertThat(result.text()).isEqualTo("Hello world");
        assertThat(result.reasoningText()).isEqualTo("Think. ");
        assertThat(result.toolCalls()).containsExactly(CALL);
        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(result.rawFinishReason()).isEqualTo("tool_use");
        assertThat(result.warnings()).extracting(Warning::setting).containsExactly("seed");
    }

    @Test
    void becomesTheAssistantMessageOfTheNextTurnKeepingSignatures() {
        AssistantMessage message = result().toMessage();

        assertThat(message.content()).hasSize(4);
        assertThat(((ReasoningPart) message.content().get(0)).signature()).isEqualTo("sig");
        assertThat(message.toolCalls()).containsExactly(CALL);
        assertThat(message.providerMetadata().string("anthropic", "stopSequence")).contains("END");
    }

    @Test
    void requiresAFinishReason() {
        assertThatThrownBy(() -> LanguageModelResult.builder().addContent(TextPart.of("x")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("finish reason");
    }

    @Test
    void toBuilderRoundTrips() {
        LanguageModelResult result = result();

        assertThat(result.toBuilder().build()).isEqualTo(result);
        assertThat(result.toBuilder().responseId("other").build()).isNotEqualTo(result);
    }
}
