package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileDeleted;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.moderations.ModerationCreateResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.inputitems.InputItemListParams;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The passthrough routes with JSON bodies and none (images, speech, moderations, rerank, files,
 * batches, stored responses) over real HTTP: the official openai-java client against the
 * gateway, the fake upstream behind it.
 */
class PassthroughRoutesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master";
    private static final String IMAGE_WITH_USAGE = """
            {"created":1770935200,"data":[{"b64_json":"aGk="}],"usage":{"input_tokens":12,"output_tokens":4160,\
            "total_tokens":4172,"input_tokens_details":{"text_tokens":12,"image_tokens":0}}}""";
    private static final String FILE = """
            {"id":"file-abc","object":"file","bytes":12,"created_at":1770935200,"filename":"in.jsonl",\
            "purpose":"batch","status":"processed"}""";
    private static final String BATCH = """
            {"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-abc",\
            "completion_window":"24h","status":"%s","created_at":1770935200}""";

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: dall-e, litellm_params: {model: openai/dall-e-3, api_base: "%1$s/openai/v1", api_key: sk-up}}
                  - {model_name: tts, litellm_params: {model: openai/tts-1, api_base: "%1$s/openai/v1", api_key: sk-up}}
                  - {model_name: mod, litellm_params: {model: openai/omni-moderation-latest, api_base: "%1$s/openai/v1", api_key: sk-up}}
                  - {model_name: reranker, litellm_params: {model: hosted_vllm/BAAI/bge-reranker-v2-m3, api_base: "%1$s/vllm/v1", api_key: vk}}
                  - {model_name: img-primary, litellm_params: {model: openai/gpt-image-1, api_base: "%1$s/primary/v1", api_key: sk-p}}
                  - {model_name: img-backup, litellm_params: {model: openai/gpt-image-1-mini, api_base: "%1$s/backup/v1", api_key: sk-b}}
                  - {model_name: claude, litellm_params: {model: anthropic/claude-sonnet-4-5, api_key: sk-ant}}
                router_settings: {num_retries: 0}
                litellm_settings:
                  fallbacks: [{"img-primary": ["img-backup"]}]
                general_settings: {master_key: %2$s}
                """.formatted(upstream.baseUri(), MASTER_KEY));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey(MASTER_KEY).maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
        upstream.close();
    }

    @Test
    void imageGenerationGoesToTheDeploymentsModelAndSettlesItsUsage() throws Exception {
        upstream.on("POST", "/openai/v1/images/generations").enqueue(Reply.json(IMAGE_WITH_USAGE));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder().model("dall-e")
                .prompt("a sea otter").build());

        assertThat(images.data().orElseThrow().get(0).b64Json()).contains("aGk=");
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.bodyJson().path("model").asText()).isEqualTo("dall-e-3");
        assertThat(sent.bodyJson().path("prompt").asText()).isEqualTo("a sea otter");
        assertThat(sent.header("authorization")).contains("Bearer sk-up");
        RequestRecord record = onlyRecord();
        assertThat(record.route()).isEqualTo("/v1/images/generations");
        assertThat(record.model()).isEqualTo("dall-e");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.OK);
        assertThat(record.outcome().usage().input().total()).isEqualTo(12L);
        assertThat(record.outcome().usage().output().total()).isEqualTo(4160L);
        assertThat(record.outcome().usage().totalTokens()).isEqualTo(4172L);
    }

    @Test
    void anUpstreamClientErrorIsRelayedAsItIsWithoutFallingBack() throws Exception {
        String error = Fixtures.text("openai-image/gpt-image-response-format-error.json");
        upstream.on("POST", "/primary/v1/images/generations").enqueue(Reply.json(400, error).toBuilder()
                .header("x-request-id", "req_up_1").header("openai-processing-ms", "7")
                .header("openai-organization", "org-secret").build());

        java.net.http.HttpResponse<String> response = post("/v1/images/generations",
                "{\"model\":\"img-primary\",\"prompt\":\"x\",\"response_format\":\"b64_json\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(error);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue(ProxyHeaders.UPSTREAM_REQUEST_ID_HEADER)).contains("req_up_1");
        assertThat(response.headers().firstValue("openai-processing-ms")).contains("7");
        assertThat(response.headers().firstValue("openai-organization")).isEmpty();
        assertThat(response.headers().firstValue(Answers.PROVIDER_HEADER)).contains("openai");
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertThat(onlyRecord().outcome().status()).isEqualTo(Outcome.Status.UPSTREAM_ERROR);
    }

    @Test
    void aServerErrorFallsBackToTheNextGroup() throws Exception {
        upstream.on("POST", "/primary/v1/images/generations").enqueue(Reply.json(500,
                "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        upstream.on("POST", "/backup/v1/images/generations").enqueue(Reply.json(IMAGE_WITH_USAGE));

        java.net.http.HttpResponse<String> response = post("/v1/images/generations",
                "{\"model\":\"img-primary\",\"prompt\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(IMAGE_WITH_USAGE);
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().path("model").asText()).isEqualTo("gpt-image-1");
        CapturedRequest fallback = upstream.awaitRequest(2, TIMEOUT);
        assertThat(fallback.path()).isEqualTo("/backup/v1/images/generations");
        assertThat(fallback.bodyJson().path("model").asText()).isEqualTo("gpt-image-1-mini");
        assertThat(fallback.header("authorization")).contains("Bearer sk-b");
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains(deploymentId("img-backup"));
        assertThat(response.headers().firstValue(Answers.LITELLM_MODEL_ID_HEADER)).contains(deploymentId("img-backup"));
        RequestRecord record = onlyRecord();
        assertThat(record.outcome().attempts()).isEqualTo(2);
        assertThat(record.outcome().deploymentId()).isEqualTo(deploymentId("img-backup"));
    }

    @Test
    void theLastServerErrorIsRelayedWhenNothingIsLeftToTry() throws Exception {
        upstream.on("POST", "/primary/v1/images/generations").enqueue(Reply.json(503, "{\"error\":{\"message\":\"a\"}}"));
        String last = "{\"error\":{\"message\":\"b\",\"type\":\"server_error\",\"code\":null,\"param\":null}}";
        upstream.on("POST", "/backup/v1/images/generations").enqueue(Reply.json(502, last));

        java.net.http.HttpResponse<String> response = post("/v1/images/generations",
                "{\"model\":\"img-primary\",\"prompt\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo(last);
        assertThat(upstream.requestCount()).isEqualTo(2);
        assertThat(onlyRecord().outcome().httpStatus()).isEqualTo(502);
    }

    @Test
    void speechAudioReachesTheClientByteForByte() throws Exception {
        byte[] audio = new byte[300 * 1024];
        new Random(7).nextBytes(audio);
        List<byte[]> chunks = IntStream.range(0, 30)
                .mapToObj(i -> java.util.Arrays.copyOfRange(audio, i * 10 * 1024, (i + 1) * 10 * 1024)).toList();
        upstream.on("POST", "/openai/v1/audio/speech").enqueue(Reply.builder().chunks("audio/mpeg", chunks).build());

        byte[] received;
        try (HttpResponse speech = client.audio().speech().create(com.openai.models.audio.speech.SpeechCreateParams
                .builder().model("tts").input("hello").voice("alloy")
                .build())) {
            assertThat(speech.headers().values("content-type")).containsExactly("audio/mpeg");
            received = speech.body().readAllBytes();
        }

        assertThat(received).isEqualTo(audio);
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().path("model").asText()).isEqualTo("tts-1");
        assertThat(onlyRecord().outcome().status()).isEqualTo(Outcome.Status.OK);
    }

    @Test
    void moderationsRewriteTheModelOrLeaveItToTheUpstream() throws Exception {
        String answer = "{\"id\":\"modr-1\",\"model\":\"omni-moderation-latest\",\"results\":[]}";
        upstream.on("POST", "/openai/v1/moderations").enqueue(Reply.json(answer), Reply.json(answer));

        ModerationCreateResponse named = client.moderations().create(ModerationCreateParams.builder().input("hi")
                .model("mod").build());
        ModerationCreateResponse unnamed = client.moderations().create(ModerationCreateParams.builder().input("hi")
                .build());

        assertThat(named.id()).isEqualTo("modr-1");
        assertThat(unnamed.id()).isEqualTo("modr-1");
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().path("model").asText())
                .isEqualTo("omni-moderation-latest");
        assertThat(upstream.awaitRequest(2, TIMEOUT).bodyJson().has("model")).isFalse();
    }

    @Test
    void rerankGoesToTheOpenAiCompatibleServerAndSettlesItsTokens() throws Exception {
        upstream.on("POST", "/vllm/v1/rerank").enqueue(Reply.json("""
                {"id":"rerank-1","model":"BAAI/bge-reranker-v2-m3","usage":{"total_tokens":22},\
                "results":[{"index":1,"relevance_score":0.9},{"index":0,"relevance_score":0.1}]}"""));

        java.net.http.HttpResponse<String> response = post("/rerank",
                "{\"model\":\"reranker\",\"query\":\"capital of France\",\"documents\":[\"Berlin\",\"Paris\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/results/0/index").asInt()).isEqualTo(1);
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.bodyJson().path("model").asText()).isEqualTo("BAAI/bge-reranker-v2-m3");
        assertThat(sent.bodyJson().path("documents").size()).isEqualTo(2);
        assertThat(sent.header("authorization")).contains("Bearer vk");
        assertThat(onlyRecord().outcome().usage().totalTokens()).isEqualTo(22L);
    }

    @Test
    void filesAreUploadedListedReadAndDeletedOnTheFilesAccount() throws Exception {
        byte[] content = "{\"custom_id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] download = new byte[200 * 1024];
        new Random(3).nextBytes(download);
        upstream.on("POST", "/openai/v1/files").enqueue(Reply.json(FILE));
        upstream.on("GET", "/openai/v1/files").enqueue(Reply.json("{\"object\":\"list\",\"data\":[" + FILE
                + "],\"has_more\":false}"));
        upstream.on("GET", "/openai/v1/files/file-abc").enqueue(Reply.json(FILE));
        upstream.on("GET", "/openai/v1/files/file-abc/content").enqueue(Reply.builder()
                .body("application/octet-stream", download).build());
        upstream.on("DELETE", "/openai/v1/files/file-abc").enqueue(Reply.json(
                "{\"id\":\"file-abc\",\"object\":\"file\",\"deleted\":true}"));

        FileObject created = client.files().create(FileCreateParams.builder().file(content).purpose(FilePurpose.BATCH)
                .build());
        List<FileObject> listed = client.files().list(FileListParams.builder().purpose("batch").build()).data();
        FileObject retrieved = client.files().retrieve("file-abc");
        byte[] read;
        try (HttpResponse body = client.files().content("file-abc")) {
            read = body.body().readAllBytes();
        }
        FileDeleted deleted = client.files().delete("file-abc");

        assertThat(created.id()).isEqualTo("file-abc");
        assertThat(listed).extracting(FileObject::id).containsExactly("file-abc");
        assertThat(retrieved.filename()).isEqualTo("in.jsonl");
        assertThat(read).isEqualTo(download);
        assertThat(deleted.deleted()).isTrue();
        CapturedRequest upload = upstream.awaitRequest(1, TIMEOUT);
        assertThat(upload.header("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("multipart/form-data; boundary="));
        assertThat(upload.bodyText()).contains("{\"custom_id\":\"1\"}\n").contains("name=\"purpose\"");
        assertThat(upload.header("authorization")).contains("Bearer sk-up");
        assertThat(upstream.awaitRequest(2, TIMEOUT).query()).contains("purpose=batch");
        assertThat(upstream.awaitRequest(5, TIMEOUT).method()).isEqualTo("DELETE");
        awaitRecords(5);
        assertThat(gateway.recentRequests().snapshot()).extracting(RequestRecord::route).containsExactlyInAnyOrder(
                "/v1/files", "/v1/files", "/v1/files/{id}", "/v1/files/{id}/content", "/v1/files/{id}");
        assertThat(gateway.recentRequests().snapshot()).allSatisfy(record -> {
            assertThat(record.model()).isNull();
            assertThat(record.outcome().status()).isEqualTo(Outcome.Status.OK);
        });
    }

    @Test
    void batchesAreCreatedReadAndCancelled() throws Exception {
        upstream.on("POST", "/openai/v1/batches").enqueue(Reply.json(BATCH.formatted("validating")));
        upstream.on("GET", "/openai/v1/batches/batch_1").enqueue(Reply.json(BATCH.formatted("in_progress")));
        upstream.on("POST", "/openai/v1/batches/batch_1/cancel").enqueue(Reply.json(BATCH.formatted("cancelling")));

        Batch created = client.batches().create(BatchCreateParams.builder().inputFileId("file-abc")
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        Batch read = client.batches().retrieve("batch_1");
        Batch cancelled = client.batches().cancel("batch_1");

        assertThat(created.status()).isEqualTo(Batch.Status.VALIDATING);
        assertThat(read.status()).isEqualTo(Batch.Status.IN_PROGRESS);
        assertThat(cancelled.status()).isEqualTo(Batch.Status.CANCELLING);
        JsonNode sent = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(sent.path("input_file_id").asText()).isEqualTo("file-abc");
        assertThat(sent.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(upstream.awaitRequest(3, TIMEOUT).path()).isEqualTo("/openai/v1/batches/batch_1/cancel");
        awaitRecords(3);
    }

    @Test
    void storedResponsesAreReadListedAndDeletedOnTheOpenAiAccount() throws Exception {
        String stored = Fixtures.text("openai-responses/openai-web-search-tool.1.json");
        String id = JSON.readTree(stored).path("id").asText();
        upstream.on("GET", "/openai/v1/responses/" + id).enqueue(Reply.json(stored));
        upstream.on("GET", "/openai/v1/responses/" + id + "/input_items").enqueue(Reply.json(
                "{\"object\":\"list\",\"data\":[],\"first_id\":null,\"last_id\":null,\"has_more\":false}"));
        upstream.on("DELETE", "/openai/v1/responses/" + id).enqueue(Reply.json(
                "{\"id\":\"" + id + "\",\"object\":\"response.deleted\",\"deleted\":true}"));

        Response response = client.responses().retrieve(id);
        var items = client.responses().inputItems().list(id, InputItemListParams.builder().limit(2).build());
        client.responses().delete(id);

        assertThat(response.id()).isEqualTo(id);
        assertThat(items.data()).isEmpty();
        assertThat(upstream.awaitRequest(2, TIMEOUT).query()).contains("limit=2");
        assertThat(upstream.awaitRequest(3, TIMEOUT).method()).isEqualTo("DELETE");
        awaitRecords(3);
        assertThat(gateway.recentRequests().snapshot()).extracting(RequestRecord::route).containsExactlyInAnyOrder(
                "/v1/responses/{id}", "/v1/responses/{id}/input_items", "/v1/responses/{id}");
    }

    @Test
    void everyRouteNeedsTheKey() throws Exception {
        for (String path : List.of("/v1/files", "/files", "/batches/batch_1", "/v1/responses/resp_1")) {
            java.net.http.HttpResponse<String> response = gateway.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        }
        for (String path : List.of("/v1/images/generations", "/audio/speech", "/moderations", "/v1/rerank")) {
            assertThat(gateway.postJson(path, "{\"model\":\"dall-e\"}").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void unknownRoutesMethodsAndModelsAreRefusedInOpenAisShape() throws Exception {
        java.net.http.HttpResponse<String> get = gateway.send(authorized("/v1/images/generations").GET().build());
        java.net.http.HttpResponse<String> unknown = post("/v1/images/sketches", "{\"model\":\"dall-e\"}");
        java.net.http.HttpResponse<String> noModel = post("/v1/images/generations", "{\"model\":\"nope\"}");
        java.net.http.HttpResponse<String> anthropic = post("/v1/images/generations", "{\"model\":\"claude\"}");
        java.net.http.HttpResponse<String> missing = post("/v1/audio/speech", "{\"input\":\"hi\"}");

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).contains("POST");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(noModel.body()).at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(anthropic.body()).at("/error/code").asText()).isEqualTo("model_not_supported");
        assertThat(JSON.readTree(missing.body()).at("/error/param").asText()).isEqualTo("model");
        assertThat(upstream.requestCount()).isZero();
    }

    private java.net.http.HttpResponse<String> post(String path, String json) throws Exception {
        return gateway.send(authorized(path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(gateway.uri(path)).header("authorization", "Bearer " + MASTER_KEY);
    }

    private String deploymentId(String modelName) {
        return gateway.gateway().catalog().group(modelName).orElseThrow().get(0).id();
    }

    /** The one record of the test's one request, once it has settled. */
    private RequestRecord onlyRecord() {
        awaitRecords(1);
        assertThat(gateway.recentRequests().count()).isEqualTo(1);
        return gateway.recentRequests().snapshot().get(0);
    }

    private void awaitRecords(int n) {
        gateway.awaitRecords(n, TIMEOUT);
        assertThat(gateway.recentRequests().count()).isEqualTo(n);
    }
}
