package dev.ditto.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import dev.ditto.testing.GatewayServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official openai-java client, pointed at the gateway, is the judge of wire compatibility. */
class OpenAiClientCompatibilityTest {

    private static GatewayServer gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start();
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUri() + "/v1")
                .apiKey("sk-unused")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        gateway.close();
    }

    private static ChatCompletionCreateParams.Builder echo(String text) {
        return ChatCompletionCreateParams.builder().model("ditto/echo").addUserMessage(text);
    }

    @Test
    void listsModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).containsExactly("ditto/echo");
        assertThat(client.models().retrieve("ditto/echo").ownedBy()).isEqualTo("ditto");
    }

    @Test
    void readsACompletion() {
        ChatCompletion completion = client.chat().completions().create(echo("Hello from openai-java").build());

        assertThat(completion.choices().get(0).message().content()).contains("Hello from openai-java");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
    }

    @Test
    void readsAStreamWithUsage() {
        ChatCompletionCreateParams params = echo("streamed word by word")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            });
        }

        assertThat(text).hasToString("streamed word by word");
        assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().totalTokens()).isEqualTo(8);
        assertThat(chunks).filteredOn(c -> !c.choices().isEmpty() && c.choices().get(0).finishReason().isPresent())
                .singleElement()
                .satisfies(c -> assertThat(c.choices().get(0).finishReason().orElseThrow())
                        .isEqualTo(ChatCompletionChunk.Choice.FinishReason.STOP));
    }

    @Test
    void unknownModelSurfacesAsTheClientsNotFoundError() {
        assertThatThrownBy(() -> client.chat().completions().create(
                        ChatCompletionCreateParams.builder().model("nope").addUserMessage("x").build()))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> {
                    NotFoundException notFound = (NotFoundException) e;
                    assertThat(notFound.statusCode()).isEqualTo(404);
                    assertThat(notFound.code()).contains("model_not_found");
                    assertThat(notFound.type()).contains("invalid_request_error");
                    assertThat(notFound.param()).contains("model");
                });
    }
}
