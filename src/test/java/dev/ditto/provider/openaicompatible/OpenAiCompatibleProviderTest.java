package dev.ditto.provider.openaicompatible;

import dev.ditto.provider.openai.OpenAiTesting;
import org.junit.jupiter.api.AfterAll;
import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.Message;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Framing;
import dev.ditto.testing.Reply;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each vendor profile changes in the request and in reading the answer. */
class OpenAiCompatibleProviderTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private OpenAiCompatibleProvider provider(OpenAiCompatibleProfile profile) {
        return OpenAiCompatibleProvider.builder(profile).apiKey("key").baseUrl(upstream.uri("/v1"))
                .headers(Map.of("HTTP-Referer", "https://ditto.dev")).transport(TRANSPORT).build();
    }

    private static LanguageModelRequest request(String provider) {
        return LanguageModelRequest.builder().message(Message.user("Hi")).maxOutputTokens(50).seed(9L).user("u-1")
                .metadata("k", "v").reasoningEffort(ReasoningEffort.LOW)
                .providerOptions(provider, JSON.createObjectNode().put("safe_prompt", true))
                .providerOptions("openai", JSON.createObjectNode().put("service_tier", "flex"))
                .build();
    }

    @Test
    void mistralRenamesTheSeedAndAsksForNoStreamOptions() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("mistral-chat/mistral-text.chunks.txt"));

        CollectedStream parts = CollectedStream.of(provider(OpenAiCompatibleProfile.MISTRAL)
                .languageModel("mistral-small-latest").stream(request("mistral")));

        CapturedRequest sent = upstream.awaitRequest(1, CollectedStream.TIMEOUT);
        JsonNode body = sent.bodyJson();
        assertThat(body.get("random_seed").asLong()).isEqualTo(9);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.get("safe_prompt").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.has("seed") || body.has("user") || body.has("metadata") || body.has("reasoning_effort")
                || body.has("service_tier") || body.has("max_completion_tokens")).isFalse();
        assertThat(sent.header("http-referer")).hasValue("https://ditto.dev");
        assertThat(parts.ofType(dev.ditto.sdk.StreamPart.StreamStart.class).get(0).warnings())
                .extracting(Warning::setting).containsExactlyInAnyOrder("user", "metadata", "reasoningEffort");
        assertThat(parts.finish().usage().output().total()).isEqualTo(8);
    }

    @Test
    void deepSeekStreamsWithUsageAndWithoutSeed() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("deepseek-chat/deepseek-reasoning.chunks.txt"));

        LanguageModelRequest request = request("deepseek").toBuilder()
                .responseFormat(ResponseFormat.jsonSchema("answer", JSON.createObjectNode().put("type", "object"))).build();
        CollectedStream parts = CollectedStream.of(provider(OpenAiCompatibleProfile.DEEPSEEK)
                .languageModel("deepseek-reasoner").stream(request));

        JsonNode body = upstream.awaitRequest(1, CollectedStream.TIMEOUT).bodyJson();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.has("seed")).isFalse();
        assertThat(body.get("response_format")).isEqualTo(JSON.createObjectNode().put("type", "json_object"));
        assertThat(parts.ofType(dev.ditto.sdk.StreamPart.StreamStart.class).get(0).warnings())
                .filteredOn(w -> w.type() == Warning.Type.APPROXIMATED).extracting(Warning::setting)
                .containsExactly("responseFormat");
        Usage usage = parts.finish().usage();
        assertThat(usage.input().cacheRead()).isEqualTo(0);
        assertThat(usage.input().noCache()).as("prompt_cache_miss_tokens").isEqualTo(18);
        assertThat(parts.reasoning()).startsWith("We need to count");
    }

    @Test
    void groqUsageArrivesInXGroq() {
        String head = "{\"id\":\"chatcmpl-g\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen/qwen3-32b\","
                + "\"choices\":[{\"index\":0,\"delta\":";
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.sse(Framing.DATA_THEN_DONE,
                head + "{\"role\":\"assistant\",\"reasoning\":\"Count the r's.\"},\"finish_reason\":null}]}",
                head + "{\"content\":\"3\"},\"finish_reason\":null}]}",
                head + "{},\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":\"req_g\",\"usage\":{\"prompt_tokens\":17,"
                        + "\"completion_tokens\":9,\"total_tokens\":26,\"completion_tokens_details\":{\"reasoning_tokens\":5}}}}"));

        CollectedStream parts = CollectedStream.of(provider(OpenAiCompatibleProfile.GROQ).languageModel("qwen/qwen3-32b")
                .stream(LanguageModelRequest.of("How many r in strawberry?")));

        assertThat(parts.reasoning()).isEqualTo("Count the r's.");
        assertThat(parts.text()).isEqualTo("3");
        Usage usage = parts.finish().usage();
        assertThat(usage.input().total()).isEqualTo(17);
        assertThat(usage.output().total()).isEqualTo(9);
        assertThat(usage.output().reasoning()).isEqualTo(5);
        assertThat(parts.finish().providerMetadata().string("groq", "groqRequestId")).hasValue("req_g");
        assertThat(upstream.awaitRequest(1, CollectedStream.TIMEOUT).bodyJson().at("/stream_options/include_usage")
                .asBoolean()).isTrue();
    }

    @Test
    void xAiAddsReasoningTokensToTheOutput() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("xai-chat/xai-text.json"));

        LanguageModelResult result = provider(OpenAiCompatibleProfile.XAI).languageModel("grok-3-mini").generate("Hi");

        assertThat(result.usage().output().total()).isEqualTo(229);
        assertThat(result.usage().output().text()).isEqualTo(1);
        assertThat(result.usage().totalTokens()).isEqualTo(241);
    }

    @Test
    void vllmHasNoDefaultBaseUrlAndSendsTopK() {
        assertThatThrownBy(() -> OpenAiCompatibleProvider.builder(OpenAiCompatibleProfile.VLLM).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hosted_vllm");
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        OpenAiCompatibleProvider vllm = OpenAiCompatibleProvider.builder(OpenAiCompatibleProfile.VLLM)
                .baseUrl(upstream.uri("/v1")).transport(TRANSPORT).build();
        LanguageModelResult result = vllm.languageModel("meta-llama/Llama-3.1-8B-Instruct")
                .generate(LanguageModelRequest.builder().message(Message.user("Hi")).topK(20).build());

        CapturedRequest sent = upstream.awaitRequest(1, CollectedStream.TIMEOUT);
        assertThat(sent.bodyJson().get("top_k").asInt()).isEqualTo(20);
        assertThat(sent.header("authorization")).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(vllm.languageModel("x").provider()).isEqualTo("hosted_vllm");
    }

    @Test
    void findsProfilesByLiteLlmNames() {
        assertThat(OpenAiCompatibleProfile.byName("together_ai")).hasValue(OpenAiCompatibleProfile.TOGETHER);
        assertThat(OpenAiCompatibleProfile.byName("fireworks_ai")).hasValue(OpenAiCompatibleProfile.FIREWORKS);
        assertThat(OpenAiCompatibleProfile.byName("ollama_chat")).hasValue(OpenAiCompatibleProfile.OLLAMA);
        assertThat(OpenAiCompatibleProfile.byName("vllm")).hasValue(OpenAiCompatibleProfile.VLLM);
        assertThat(OpenAiCompatibleProfile.byName("LM_Studio")).hasValue(OpenAiCompatibleProfile.LM_STUDIO);
        assertThat(OpenAiCompatibleProfile.byName("openai")).isEmpty();
        assertThat(OpenAiCompatibleProfile.builtIn()).extracting(OpenAiCompatibleProfile::name).doesNotHaveDuplicates()
                .containsExactly("deepseek", "mistral", "groq", "xai", "openrouter", "together_ai", "fireworks_ai",
                        "hosted_vllm", "ollama", "lm_studio");
        assertThat(OpenAiCompatibleProfile.OLLAMA.defaultBaseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
    }
}
