package dev.ditto.sdk.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void factoriesBuildEachRole() {
        assertThat(Message.system("rules").role()).isEqualTo(Message.Role.SYSTEM);
        assertThat(Message.user("hi").content()).containsExactly(TextPart.of("hi"));
        assertThat(Message.assistant("ok").role()).isEqualTo(Message.Role.ASSISTANT);
        assertThat(Message.tool(ToolResultPart.of("call_1", "f", "42")).results()).hasSize(1);
    }

    @Test
    void userMessagesRejectAssistantAndToolParts() {
        assertThatThrownBy(() -> Message.user(ToolCallPart.of("call_1", "f", "{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a user message cannot hold a ToolCallPart");
        assertThatThrownBy(() -> Message.user(ReasoningPart.of("thinking")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a user message cannot hold a ReasoningPart");
        assertThatThrownBy(() -> UserMessage.of())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a user message needs at least one content part");
    }

    @Test
    void assistantMessagesRejectToolResultsButKeepEverythingElseInOrder() {
        assertThatThrownBy(() -> Message.assistant(ToolResultPart.of("call_1", "f", "42")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an assistant message cannot hold the tool result for call 'call_1'; put it in a tool message");

        AssistantMessage message = Message.assistant(ReasoningPart.signed("hmm", "sig"), TextPart.of("Let me check."),
                ToolCallPart.of("call_1", "f", "{}"), ToolCallPart.of("call_2", "g", "{}"));

        assertThat(message.toolCalls()).extracting(ToolCallPart::toolCallId).containsExactly("call_1", "call_2");
    }

    @Test
    void toolMessagesNeedAResult() {
        assertThatThrownBy(() -> ToolMessage.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a tool message needs at least one tool result");
    }

    @Test
    void messagesCopyTheirContentLists() {
        List<ContentPart> parts = new ArrayList<>(List.of(TextPart.of("a")));
        UserMessage message = new UserMessage(parts, ProviderMetadata.empty());

        parts.add(TextPart.of("b"));

        assertThat(message.content()).containsExactly(TextPart.of("a"));
        assertThatThrownBy(() -> message.content().add(TextPart.of("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toolCallsNormaliseEmptyArgumentsToAnEmptyObject() {
        assertThat(ToolCallPart.of("toolu_1", "list_files", "").arguments()).isEqualTo("{}");
        assertThat(ToolCallPart.of("toolu_1", "list_files", "{\"a\":1}").arguments()).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> ToolCallPart.of(" ", "f", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("toolCallId must not be blank (tool 'f')");
    }

    @Test
    void toolResultsHoldOnlyTextImagesAndFiles() {
        ToolResultPart result = new ToolResultPart("call_1", null,
                List.of(TextPart.of("see "), ImagePart.ofUrl("https://example.com/a.png"), TextPart.of("chart")), false,
                ProviderMetadata.empty());

        assertThat(result.text()).isEqualTo("see chart");
        assertThat(ToolResultPart.error("call_1", "f", "boom").isError()).isTrue();
        assertThatThrownBy(() -> new ToolResultPart("call_1", "f", List.of(ReasoningPart.of("x")), false, ProviderMetadata.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a tool result may hold text, image and file parts but got ReasoningPart for call 'call_1'");
    }

    @Test
    void reasoningFactoriesDistinguishSignedAndRedacted() {
        assertThat(ReasoningPart.signed("think", "sig").signature()).isEqualTo("sig");
        assertThat(ReasoningPart.signed("think", "sig").isRedacted()).isFalse();
        assertThat(ReasoningPart.redacted("EncryptedBlob").isRedacted()).isTrue();
        assertThat(ReasoningPart.redacted("EncryptedBlob").encryptedContent()).isEqualTo("EncryptedBlob");
    }

    @Test
    void mediaPartsValidateTheirMediaType() {
        assertThatThrownBy(() -> new ImagePart(MediaSource.ofBytes(new byte[] {1}), null, ProviderMetadata.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inline image data needs a mediaType such as image/png");
        assertThatThrownBy(() -> ImagePart.ofBytes(new byte[] {1}, "application/pdf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image mediaType must start with 'image/' but was 'application/pdf'");
        assertThatThrownBy(() -> AudioPart.ofBytes(new byte[] {1}, "video/mp4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'video/mp4'");
        assertThat(FilePart.ofBytes(new byte[] {1}, "application/pdf", "a.pdf").filename()).isEqualTo("a.pdf");
    }

    @Test
    void mediaSourcesKeepBytesAsBase64AndRejectRelativeUrls() {
        MediaSource source = MediaSource.ofBytes(new byte[] {1, 2, 3});

        assertThat(source).isInstanceOfSatisfying(MediaSource.Data.class, data -> {
            assertThat(data.base64()).isEqualTo("AQID");
            assertThat(data.bytes()).containsExactly(1, 2, 3);
        });
        assertThat(MediaSource.ofFileId("file-abc")).isEqualTo(new MediaSource.FileId("file-abc"));
        assertThatThrownBy(() -> MediaSource.ofUrl("images/a.png"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("media URL must be absolute but was 'images/a.png'");
    }
}
