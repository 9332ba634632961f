package dev.ditto.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.anthropic.AnthropicProvider;
import dev.ditto.provider.echo.EchoModel;
import dev.ditto.provider.gemini.GeminiProvider;
import dev.ditto.provider.openai.AzureOpenAiProvider;
import dev.ditto.provider.openai.OpenAiProvider;
import dev.ditto.provider.openai.responses.OpenAiResponsesProvider;
import dev.ditto.provider.openaicompatible.OpenAiCompatibleProfile;
import dev.ditto.provider.openaicompatible.OpenAiCompatibleProvider;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of {@code docs/providers.md}, verbatim, run against a local fake upstream
 * instead of the real APIs: each snippet takes {@code key} and {@code baseUrl} from the test.
 * {@link #everyJavaExampleOfTheDocIsHereVerbatim()} keeps the page and this class in step.
 */
class ProvidersDocExamplesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path DOC = Path.of("docs/providers.md");
    private static final Path SOURCE = Path.of("src/test/java/dev/ditto/provider/ProvidersDocExamplesTest.java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void openAiExampleCallsChatEmbeddingsAndCompletions() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        upstream.on("POST", "/v1/embeddings").enqueue(Reply.fixture("openai-embedding/openai-embedding.json"));
        upstream.on("POST", "/v1/completions").enqueue(Reply.fixture("openai-completion/openai-completion-text.json"));
        String key = "sk-test";
        URI baseUrl = upstream.uri("/v1");

        // docs/providers.md, OpenAI
        try (OpenAiProvider openai = OpenAiProvider.builder().apiKey(key).baseUrl(baseUrl).build()) {
            LanguageModelResult result = openai.languageModel("gpt-4.1-mini").generate(LanguageModelRequest.builder()
                    .message(Message.system("Answer in one paragraph."))
                    .message(Message.user("Invent a holiday."))
                    .maxOutputTokens(300)
                    .topK(40) // OpenAI has no top_k: not sent, reported in result.warnings()
                    .providerOptions("openai", JsonNodeFactory.instance.objectNode().put("service_tier", "flex"))
                    .build());
            String text = result.text();
            List<Warning> dropped = result.warnings();
            float[] vector = openai.embeddingModel("text-embedding-3-small").embed("sunny day").vector();
            String haiku = openai.completionModel("gpt-3.5-turbo-instruct").generate("Write a haiku about tea").text();
        }

        CapturedRequest chat = upstream.awaitRequest(1, TIMEOUT);
        assertThat(chat.header("authorization")).hasValue("Bearer sk-test");
        assertThat(chat.bodyJson().get("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(chat.bodyJson().get("service_tier").asText()).isEqualTo("flex");
        assertThat(chat.bodyJson().has("top_k")).isFalse();
        assertThat(upstream.awaitRequest(2, TIMEOUT).path()).isEqualTo("/v1/embeddings");
        assertThat(upstream.awaitRequest(3, TIMEOUT).path()).isEqualTo("/v1/completions");
    }

    @Test
    void azureExampleCallsTheDeploymentWithApiVersionAndKey() {
        upstream.on("POST", "/openai/deployments/my-gpt-4o-deployment/chat/completions")
                .enqueue(Reply.fixture("openai-chat/openai-text.json"));
        String key = "azure-key";
        URI baseUrl = upstream.uri("/");

        // docs/providers.md, Azure OpenAI
        try (AzureOpenAiProvider azure = AzureOpenAiProvider.builder()
                .baseUrl(baseUrl) // the resource endpoint: https://<resource>.openai.azure.com
                .apiKey(key)
                .apiVersion("2024-10-21")
                .build()) {
            String text = azure.languageModel("my-gpt-4o-deployment").generate("Invent a holiday.").text();
        }

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.query()).hasValue("api-version=2024-10-21");
        assertThat(sent.header("api-key")).hasValue("azure-key");
    }

    @Test
    void responsesExampleSendsTheEncryptedReasoningBack() {
        upstream.on("POST", "/v1/responses").enqueue(
                Reply.fixture("openai-responses/openai-reasoning-encrypted-content.1.json"),
                Reply.fixture("openai-responses/openai-reasoning-encrypted-content.1.json"));
        String key = "sk-test";
        URI baseUrl = upstream.uri("/v1");

        // docs/providers.md, OpenAI Responses
        try (OpenAiResponsesProvider openai = OpenAiResponsesProvider.builder().apiKey(key).baseUrl(baseUrl).build()) {
            LanguageModel model = openai.languageModel("gpt-5-mini");
            ObjectNode stateless = JsonNodeFactory.instance.objectNode().put("store", false);
            stateless.putArray("include").add("reasoning.encrypted_content");
            LanguageModelRequest question = LanguageModelRequest.builder()
                    .message(Message.user("What is (12 + 7) * 3 * 10?"))
                    .reasoningEffort(ReasoningEffort.LOW)
                    .providerOptions("openai", stateless)
                    .build();
            LanguageModelResult answer = model.generate(question);
            // The reasoning item (its id and encrypted content) goes back with the answer.
            LanguageModelResult next = model.generate(question.toBuilder()
                    .message(answer.toMessage())
                    .message(Message.user("Now divide it by 5."))
                    .build());
        }

        JsonNode first = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(first.at("/reasoning/effort").asText()).isEqualTo("low");
        assertThat(first.get("store").asBoolean(true)).isFalse();
        List<String> types = new ArrayList<>();
        JsonNode input = upstream.awaitRequest(2, TIMEOUT).bodyJson().get("input");
        input.forEach(item -> types.add(item.path("type").asText(item.path("role").asText())));
        assertThat(types).contains("reasoning");
        input.forEach(item -> {
            if (item.path("type").asText().equals("reasoning")) {
                assertThat(item.get("encrypted_content").asText()).startsWith("gAAAA");
            }
        });
    }

    @Test
    void anthropicExampleSendsSignedThinkingBack() {
        upstream.on("POST", "/v1/messages").enqueue(
                Reply.fixture("anthropic-messages/anthropic-claude-opus-5-reasoning-high.1.json"),
                Reply.fixture("anthropic-messages/anthropic-text.json"));
        String key = "sk-ant-test";
        URI baseUrl = upstream.uri("/v1");

        // docs/providers.md, Anthropic
        try (AnthropicProvider anthropic = AnthropicProvider.builder().apiKey(key).baseUrl(baseUrl).build()) {
            LanguageModel claude = anthropic.languageModel("claude-sonnet-4-5");
            LanguageModelRequest question = LanguageModelRequest.builder()
                    .message(Message.user("What is 925 / 5?"))
                    .maxOutputTokens(4096)
                    .reasoningBudgetTokens(2048) // extended thinking
                    .seed(7L) // Anthropic has no seed: a warning on the result, not an error
                    .build();
            LanguageModelResult answer = claude.generate(question);
            // Signed thinking goes back unchanged on the next turn.
            LanguageModelResult next = claude.generate(question.toBuilder()
                    .message(answer.toMessage())
                    .message(Message.user("And 925 / 25?"))
                    .build());
        }

        CapturedRequest first = upstream.awaitRequest(1, TIMEOUT);
        assertThat(first.header("x-api-key")).hasValue("sk-ant-test");
        assertThat(first.header("anthropic-version")).hasValue("2023-06-01");
        assertThat(first.bodyJson().at("/thinking/budget_tokens").asInt()).isEqualTo(2048);
        JsonNode assistant = upstream.awaitRequest(2, TIMEOUT).bodyJson().at("/messages/1");
        assertThat(assistant.at("/content/0/type").asText()).isEqualTo("thinking");
        assertThat(assistant.at("/content/0/signature").asText()).startsWith("CAISqwQK");
    }

    @Test
    void geminiExampleSendsTheThoughtSignatureAndToolResultBack() {
        upstream.on("POST", "/v1beta/models/gemini-3-pro-preview:generateContent").enqueue(
                Reply.fixture("google-gemini/google-tool-call.json"), Reply.fixture("google-gemini/google-text.json"));
        upstream.on("POST", "/v1beta/models/gemini-embedding-001:batchEmbedContents")
                .enqueue(Reply.json("{\"embeddings\":[{\"values\":[0.25,-0.5]}]}"));
        String key = "gemini-key";
        URI baseUrl = upstream.uri("/v1beta");

        // docs/providers.md, Gemini
        try (GeminiProvider gemini = GeminiProvider.builder().apiKey(key).baseUrl(baseUrl).build()) {
            LanguageModel model = gemini.languageModel("gemini-3-pro-preview");
            ObjectNode place = JsonNodeFactory.instance.objectNode().put("type", "object");
            place.putObject("properties").putObject("location").put("type", "string");
            LanguageModelRequest question = LanguageModelRequest.builder()
                    .message(Message.user("Weather in San Francisco?"))
                    .tool(FunctionTool.of("weather", "Current weather at a place", place))
                    .build();
            LanguageModelResult call = model.generate(question);
            ToolCallPart weather = call.toolCalls().get(0); // Gemini sends no call id: Ditto makes one
            LanguageModelResult answer = model.generate(question.toBuilder()
                    .message(call.toMessage()) // carries the thought signature back
                    .message(Message.tool(ToolResultPart.of(weather.toolCallId(), weather.toolName(), "{\"celsius\":18}")))
                    .build());
            float[] vector = gemini.embeddingModel("gemini-embedding-001").embed("sunny day").vector();
        }

        CapturedRequest second = upstream.awaitRequest(2, TIMEOUT);
        assertThat(second.header("x-goog-api-key")).hasValue("gemini-key");
        JsonNode contents = second.bodyJson().get("contents");
        assertThat(contents.at("/1/parts/0/thoughtSignature").asText()).startsWith("EskgCsYg");
        assertThat(contents.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("weather");
        assertThat(upstream.awaitRequest(3, TIMEOUT).path()).endsWith(":batchEmbedContents");
    }

    @Test
    void openAiCompatibleExamplesSpeakEachDialect() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("deepseek-chat/deepseek-reasoning.json"),
                Reply.fixture("openai-chat/openai-text.json"), Reply.fixture("openai-chat/openai-text.json"));
        String key = "sk-deepseek";
        URI baseUrl = upstream.uri("/v1");

        // docs/providers.md, OpenAI-compatible
        try (OpenAiCompatibleProvider deepseek = OpenAiCompatibleProvider.builder(OpenAiCompatibleProfile.DEEPSEEK)
                .apiKey(key).baseUrl(baseUrl).build()) {
            LanguageModelResult result = deepseek.languageModel("deepseek-reasoner").generate(LanguageModelRequest.builder()
                    .message(Message.user("How many r in strawberry?"))
                    .seed(1L) // DeepSeek takes no seed: not sent, with a warning
                    .build());
            String reasoning = result.reasoningText(); // DeepSeek's reasoning_content
        }
        try (OpenAiCompatibleProvider vllm = OpenAiCompatibleProvider.builder(OpenAiCompatibleProfile.VLLM)
                .baseUrl(baseUrl) // required: vLLM has no default; no key needed
                .build()) {
            String text = vllm.languageModel("meta-llama/Llama-3.1-8B-Instruct")
                    .generate(LanguageModelRequest.builder().message(Message.user("Hi")).topK(20).build()).text();
        }
        try (OpenAiCompatibleProvider other = OpenAiCompatibleProvider.builder(
                OpenAiCompatibleProfile.generic("my-server", baseUrl)).build()) {
            String text = other.languageModel("any-model").generate("Hi").text();
        }

        CapturedRequest deepseek = upstream.awaitRequest(1, TIMEOUT);
        assertThat(deepseek.header("authorization")).hasValue("Bearer sk-deepseek");
        assertThat(deepseek.bodyJson().has("seed")).isFalse();
        assertThat(upstream.awaitRequest(2, TIMEOUT).bodyJson().get("top_k").asInt()).isEqualTo(20);
        assertThat(upstream.awaitRequest(3, TIMEOUT).header("authorization")).isEmpty();
    }

    @Test
    void echoExampleStopsAtTheWordLimit() {
        // docs/providers.md, ditto/echo
        EchoModel.EchoReply reply = new EchoModel().reply(List.of("Say hi to Ditto"), "Say hi to Ditto", 2);
        String text = reply.text(); // "Say hi": the limit is 2 words, so reply.truncated() is true

        assertThat(text).isEqualTo("Say hi");
        assertThat(reply.truncated()).isTrue();
    }

    @Test
    void everyJavaExampleOfTheDocIsHereVerbatim() throws IOException {
        String source = normalized(Files.readString(SOURCE));
        Matcher blocks = JAVA_BLOCK.matcher(Files.readString(DOC));
        int count = 0;
        while (blocks.find()) {
            count++;
            assertThat(source).as("a java example of %s must appear verbatim in %s", DOC, SOURCE)
                    .contains(normalized(blocks.group(1)));
        }
        assertThat(count).isGreaterThanOrEqualTo(7);
    }

    /** The text without indentation and blank lines, so that a snippet matches at any depth. */
    private static String normalized(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
    }
}
