package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImagesResponse;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart uploads through the passthrough routes (streamed as they arrive, or spooled to disk
 * when the file comes before the model), binary answers, answers that break off, clients that
 * leave, and the separate upload limit, over real HTTP.
 */
class PassthroughUploadsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "ditto-test-3f9a";
    private static final String TRANSCRIPTION = "/openai/v1/audio/transcriptions";
    private static final String HELLO = "{\"text\":\"hello\"}";

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;

    @TempDir
    Path temp;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: whisper, litellm_params: {model: openai/whisper-1, api_base: "%1$s/openai/v1", api_key: sk-up}}
                  - {model_name: whisper-backup, litellm_params: {model: openai/gpt-4o-transcribe, api_base: "%1$s/backup/v1", api_key: sk-b}}
                  - {model_name: tts, litellm_params: {model: openai/tts-1, api_base: "%1$s/openai/v1", api_key: sk-up}}
                  - {model_name: editor, litellm_params: {model: openai/gpt-image-1, api_base: "%1$s/openai/v1", api_key: sk-up}}
                router_settings: {num_retries: 0}
                litellm_settings:
                  fallbacks: [{"whisper": ["whisper-backup"]}]
                ditto:
                  max_request_body: 1MiB
                  max_upload_body: 24MiB
                """.formatted(upstream.baseUri()));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client").maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
        upstream.close();
    }

    @Test
    void aTranscriptionUploadReachesTheUpstreamWhileTheClientIsStillSending() throws Exception {
        byte[] audio = random(20 << 20, 1);
        byte[] head = form(part("model", null, "whisper"), fileHeader("file", "talk.wav", "audio/wav"));
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        upstream.on("POST", TRANSCRIPTION).digestBody().enqueue(Reply.json(HELLO));
        SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>();
        // A SubmissionPublisher drops what is submitted before its subscriber comes: wait for it.
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        Flow.Publisher<ByteBuffer> client = subscriber -> {
            body.subscribe(subscriber);
            subscribed.complete(null);
        };
        CompletableFuture<HttpResponse<String>> response = gateway.client().sendAsync(multipart("/v1/audio/transcriptions",
                HttpRequest.BodyPublishers.fromPublisher(client, head.length + audio.length + tail.length)),
                HttpResponse.BodyHandlers.ofString());
        subscribed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        body.submit(ByteBuffer.wrap(head));
        int sentFirst = 2 << 20;
        submit(body, audio, 0, sentFirst);
        // The upstream holds the first two MiB while the client has not sent the rest.
        upstream.awaitBodyBytes(sentFirst, TIMEOUT);
        assertThat(response).isNotDone();
        submit(body, audio, sentFirst, audio.length);
        body.submit(ByteBuffer.wrap(tail));
        body.close();

        assertThat(response.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        byte[] expected = concat(form(part("model", null, "whisper-1"), fileHeader("file", "talk.wav", "audio/wav")),
                audio, tail);
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.bodyLength()).isEqualTo(expected.length);
        assertThat(sent.bodySha256()).isEqualTo(sha256(expected));
        assertThat(sent.header("content-length")).contains(Integer.toString(expected.length));
        assertThat(sent.header("authorization")).contains("Bearer sk-up");
        assertThat(gateway.awaitRecords(1, TIMEOUT).get(0).outcome().status()).isEqualTo(Outcome.Status.OK);
    }

    @Test
    void openAiJavaSendsTheFileFirstSoTheUploadIsSpooledAndCleanedUp() throws Exception {
        byte[] audio = random(2 << 20, 2);
        Path file = Files.write(temp.resolve("talk.wav"), audio);
        upstream.on("POST", TRANSCRIPTION).enqueue(Reply.json(HELLO));

        String text = client.audio().transcriptions().create(TranscriptionCreateParams.builder().file(file)
                .model("whisper").build()).asTranscription().text();

        assertThat(text).isEqualTo("hello");
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(indexOf(sent.bodyBytes(), audio)).isPositive();
        assertThat(sent.bodyText().contains("\r\n\r\nwhisper-1\r\n--")).isTrue();
        assertThat(sent.bodyText().contains("\r\n\r\nwhisper\r\n--")).isFalse();
        gateway.awaitRecords(1, TIMEOUT);
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aSpooledUploadFallsBackWithTheWholeFile() throws Exception {
        byte[] audio = random(1 << 20, 3);
        Path file = Files.write(temp.resolve("talk.wav"), audio);
        upstream.on("POST", TRANSCRIPTION).enqueue(Reply.json(500, "{\"error\":{\"message\":\"down\"}}"));
        upstream.on("POST", "/backup/v1/audio/transcriptions").enqueue(Reply.json(HELLO));

        String text = client.audio().transcriptions().create(TranscriptionCreateParams.builder().file(file)
                .model("whisper").build()).asTranscription().text();

        assertThat(text).isEqualTo("hello");
        CapturedRequest fallback = upstream.awaitRequest(2, TIMEOUT);
        assertThat(fallback.path()).isEqualTo("/backup/v1/audio/transcriptions");
        assertThat(indexOf(fallback.bodyBytes(), audio)).isPositive();
        assertThat(fallback.bodyText().contains("\r\n\r\ngpt-4o-transcribe\r\n--")).isTrue();
        assertThat(gateway.awaitRecords(1, TIMEOUT).get(0).outcome().attempts()).isEqualTo(2);
    }

    @Test
    void aStreamedUploadIsSentOnceAndItsFailureRelayedAsItIs() throws Exception {
        byte[] body = concat(form(part("model", null, "whisper"), fileHeader("file", "a.wav", "audio/wav")),
                random(1 << 20, 4), ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        String down = "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}";
        upstream.on("POST", TRANSCRIPTION).digestBody().enqueue(Reply.json(503, down));

        HttpResponse<String> response = gateway.send(multipart("/v1/audio/transcriptions",
                HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(down);
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyLength()).isEqualTo(body.length + 2);
        assertThat(gateway.awaitRecords(1, TIMEOUT).get(0).outcome().attempts()).isEqualTo(1);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void imageEditsFromOpenAiJavaReachTheDeploymentsModel() throws Exception {
        Path image = Files.write(temp.resolve("otter.png"), random(300 * 1024, 5));
        upstream.on("POST", "/openai/v1/images/edits").enqueue(Reply.fixture("openai-image/openai-image-edit.json"));

        ImagesResponse edited = client.images().edit(ImageEditParams.builder().image(image).prompt("add a hat")
                .model("editor").build());

        assertThat(edited.size()).hasValueSatisfying(size -> assertThat(size.toString()).isEqualTo("1024x1024"));
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.bodyText().contains("\r\n\r\ngpt-image-1\r\n--")).isTrue();
        assertThat(sent.bodyText().contains("\r\n\r\nadd a hat\r\n--")).isTrue();
        assertThat(indexOf(sent.bodyBytes(), Files.readAllBytes(image))).isPositive();
    }

    @Test
    void uploadsHaveTheirOwnLimitAboveTheJsonOne() throws Exception {
        // Only the headers are sent: a body refused on its declared length is never read, and a
        // client that sent it anyway could lose the 413 to the connection closed under it.
        String json = headersOnly("/v1/audio/speech", "application/json", 2 << 20);
        String upload = headersOnly("/v1/audio/transcriptions", "multipart/form-data; boundary=" + BOUNDARY, 25 << 20);

        assertThat(json).startsWith("HTTP/1.1 413");
        assertThat(upload).startsWith("HTTP/1.1 413").contains("request_too_large", "ditto.max_upload_body");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void aChunkedUploadThatGrowsPastTheLimitGets413() throws Exception {
        byte[] modelFirst = concat(form(part("model", null, "whisper"), fileHeader("file", "a.wav", "audio/wav")),
                random(25 << 20, 7), ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] fileFirst = concat(fileHeader("file", "a.wav", "audio/wav").getBytes(StandardCharsets.UTF_8),
                random(25 << 20, 8), ("\r\n").getBytes(StandardCharsets.ISO_8859_1), part("model", null, "whisper"),
                ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        upstream.on("POST", TRANSCRIPTION).digestBody().defaultReply(Reply.json(HELLO));

        for (byte[] body : List.of(modelFirst, fileFirst)) {
            // No Content-Length: the limit is found while reading, without blocking. The answer is
            // a 413, unless the connection, closed with the rest of the upload unread, loses it
            // on its way to a client that reads only once it has sent everything (the JDK's).
            try {
                HttpResponse<String> response = gateway.send(multipart("/v1/audio/transcriptions",
                        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));

                assertThat(response.statusCode()).isEqualTo(413);
                assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("request_too_large");
            } catch (IOException closedEarly) {
                // Refused all the same: checked below.
            }
        }
        // Neither upload reached the upstream whole, and nothing is left on disk.
        assertThat(upstream.requestCount()).isZero();
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void anAnswerThatBreaksOffBreaksTheClientsResponseToo() throws Exception {
        List<byte[]> chunks = IntStream.range(0, 10).mapToObj(i -> random(16 * 1024, 10 + i)).toList();
        upstream.on("POST", "/openai/v1/audio/speech").enqueue(Reply.builder().chunks("audio/mpeg", chunks)
                .cutAfterEvents(3).build());

        assertThatThrownBy(() -> gateway.client().send(HttpRequest.newBuilder(gateway.uri("/v1/audio/speech"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"tts\",\"input\":\"hi\",\"voice\":\"alloy\"}")).build(),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
        RequestRecord record = gateway.awaitRecords(1, TIMEOUT).get(0);
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.STREAM_ERROR);
    }

    @Test
    void aClientThatLeavesMidDownloadClosesTheUpstreamConnection() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<byte[]> chunks = IntStream.range(0, 200).mapToObj(i -> random(64 * 1024, 100 + i)).toList();
        upstream.on("GET", "/openai/v1/files/file-big/content").enqueue(Reply.builder()
                .chunks("application/octet-stream", chunks).gateBeforeEvent(1, gate)
                .delayBetweenEvents(Duration.ofMillis(5)).build());

        HttpResponse<InputStream> response = gateway.client().send(HttpRequest.newBuilder(
                gateway.uri("/v1/files/file-big/content")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertThat(in.readNBytes(1024)).hasSize(1024);
        }
        gate.complete(null);

        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        exchange.awaitClientDisconnect(TIMEOUT);
        RequestRecord record = gateway.awaitRecords(1, TIMEOUT).get(0);
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.CLIENT_GONE);
        assertThat(gateway.recentRequests().count()).isEqualTo(1);
    }

    /** Sends a request's headers alone, declaring a body that never comes, and reads the answer. */
    private String headersOnly(String path, String contentType, int length) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(gateway.baseUri().getHost(), gateway.baseUri().getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + contentType + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpRequest multipart(String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(gateway.uri(path)).header("content-type", "multipart/form-data; boundary="
                + BOUNDARY).POST(body).build();
    }

    private static void submit(SubmissionPublisher<ByteBuffer> body, byte[] bytes, int from, int to) {
        for (int at = from; at < to; at += 64 * 1024) {
            body.submit(ByteBuffer.wrap(bytes, at, Math.min(64 * 1024, to - at)).slice());
        }
    }

    private static byte[] part(String name, String filename, String value) {
        return (fileHeader(name, filename, null) + value + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String fileHeader(String name, String filename, String type) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
    }

    private static byte[] form(byte[] first, String fileHeader) {
        return concat(first, fileHeader.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(path -> path.getFileName().toString().startsWith("ditto-upload-")).toList();
        }
    }
}
