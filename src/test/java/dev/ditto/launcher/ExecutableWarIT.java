package dev.ditto.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.ditto.testing.AuditFiles;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayProcess;
import dev.ditto.testing.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged WAR, run the way the README says: {@code java -jar target/ditto-gateway.war}. */
class ExecutableWarIT {

    private static final Path WAR = Path.of(System.getProperty("ditto.war", "target/ditto-gateway.war"));
    private static final Pattern LISTENING = Pattern.compile("Ditto listening on (http://\\S+)");

    @TempDir
    Path dir;

    private Process launch(String... args) throws IOException {
        return launch(List.of(), args);
    }

    private Process launch(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dditto.war.cache=" + dir.resolve("cache")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", WAR.toString()));
        Collections.addAll(command, args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        GatewayProcess.withoutHostSettings(builder.environment());
        return builder.start();
    }

    private Thread reader;

    /** Reads the process output until the listening line, keeping everything it printed. */
    private URI awaitListening(Process process, StringBuilder output) throws Exception {
        CompletableFuture<URI> listening = new CompletableFuture<>();
        reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(URI.create(matcher.group(1)));
                    }
                }
                listening.completeExceptionally(new IllegalStateException("exited before listening:\n" + output));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return listening.get(90, TimeUnit.SECONDS);
    }

    @Test
    void warIsLaidOutForBothContainersAndJavaJar() throws IOException {
        try (JarFile war = new JarFile(WAR.toFile())) {
            List<String> names = war.stream().map(entry -> entry.getName()).toList();

            assertThat(war.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.ditto.launcher.boot.WarMain");
            assertThat(names).contains("dev/ditto/launcher/boot/WarMain.class", "WEB-INF/web.xml",
                    "WEB-INF/jboss-deployment-structure.xml", "WEB-INF/classes/META-INF/persistence.xml",
                    "WEB-INF/classes/db/migration/V1__gateway_node.sql");
            assertThat(names).anyMatch(name -> name.startsWith("WEB-INF/launcher/jetty-server-"));
            assertThat(names).filteredOn(name -> name.startsWith("WEB-INF/lib/"))
                    .isNotEmpty()
                    .noneMatch(name -> name.contains("jetty") || name.contains("servlet-api"))
                    .noneMatch(name -> name.contains("openai") || name.contains("junit") || name.contains("okhttp"));
        }
    }

    @Test
    void servesModelsAndAStreamThatOpenaiJavaReadsThenStopsCleanly() throws Exception {
        Process process = launch("--port", "0", "--data-dir", dir.resolve("data").toString());
        StringBuilder output = new StringBuilder();
        try {
            URI base = awaitListening(process, output);
            HttpResponse<String> models = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"id\":\"ditto/echo\"");

            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("unused").build();
            StringBuilder text = new StringBuilder();
            long totalTokens;
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("ditto/echo").addUserMessage("echo me back please")
                            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                List<ChatCompletionChunk> chunks = stream.stream().toList();
                chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
                totalTokens = chunks.get(chunks.size() - 1).usage().orElseThrow().totalTokens();
            } finally {
                client.close();
            }
            assertThat(text).hasToString("echo me back please");
            assertThat(totalTokens).isEqualTo(8);
            assertThat(Files.isDirectory(dir.resolve("data"))).isTrue();
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close our end of its stdout.
            process.toHandle().destroy();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        reader.join(10_000);
        synchronized (output) {
            assertThat(output.toString()).as("exit %d", process.exitValue()).contains("event=gateway_stopped");
        }
    }

    /**
     * On one CPU, {@code CompletableFuture}'s default executor is a new thread per task, and the
     * JDK HTTP client hands every {@code sendAsync} response to it: without the launcher sizing
     * the common pool, each upstream call started a thread (the benchmark showed 45,000 threads
     * started in a minute and a third of the throughput).
     */
    @Test
    void upstreamCallsOnOneCpuDoNotStartAThreadEach() throws Exception {
        int calls = 200;
        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.on("POST", "/v1/chat/completions").defaultReply(Reply.json("""
                    {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"""));
            Path config = Files.writeString(dir.resolve("config.yaml"), """
                    model_list:
                      - {model_name: m, litellm_params: {model: openai/gpt-4o-mini, api_base: "%s/v1", api_key: sk-up}}
                    """.formatted(upstream.baseUri().toString().replaceAll("/$", "")));
            Process process = launch(List.of("-XX:ActiveProcessorCount=1"), "--config", config.toString(),
                    "--port", "0", "--data-dir", dir.resolve("data").toString());
            StringBuilder output = new StringBuilder();
            try {
                URI base = awaitListening(process, output);
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest chat = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build();
                assertThat(client.send(chat, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                long before = threadsStarted(process);
                for (int i = 0; i < calls; i++) {
                    assertThat(client.send(chat, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                }
                assertThat(threadsStarted(process) - before).as("threads started by %d calls", calls)
                        .isLessThan(calls / 4);
            } finally {
                process.toHandle().destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /** The JVM's count of threads ever started, read with {@code jcmd PerfCounter.print}. */
    private static long threadsStarted(Process process) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "PerfCounter.print").redirectErrorStream(true).start();
        String counters = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher started = Pattern.compile("java\\.threads\\.started=(\\d+)").matcher(counters);
        assertThat(started.find()).as(counters).isTrue();
        return Long.parseLong(started.group(1));
    }

    @Test
    void badConfigExitsNonZeroNamingTheField() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                model_list:
                  - {model_name: a, litellm_params: {model: openai/gpt-4o}}
                  - {model_name: b, litellm_params: {model: openai/gpt-4o}}
                  - model_name: c
                    litellm_params:
                      model: openai/gpt-4o
                      api_base: "htp:/broken"
                litellm_settings:
                  num_retrys: 3
                """);
        Process process = launch("--config", config.toString(), "--port", "0");

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("model_list[2].litellm_params.api_base", "http",
                "litellm_settings.num_retrys: unknown key 'num_retrys'; did you mean 'num_retries'?");
    }

    @Test
    void verifyAuditRunsOfflineAndExitsNonZeroAtTheFirstBadRecord() throws Exception {
        List<String> lines = AuditFiles.chain(4);
        Path good = AuditFiles.write(dir.resolve("audit.jsonl.gz"), lines, true);
        List<String> reordered = new ArrayList<>(lines);
        Collections.swap(reordered, 1, 2);
        Path bad = AuditFiles.write(dir.resolve("reordered.jsonl"), reordered, false);

        Process ok = launch("verify-audit", good.toString());
        assertThat(ok.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String okOutput = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Process failed = launch("verify-audit", bad.toString());
        assertThat(failed.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String failedOutput = new String(failed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ok.exitValue()).as(okOutput).isZero();
        assertThat(okOutput).startsWith("OK 4 records, last hash ").doesNotContain("event=gateway_started");
        assertThat(failed.exitValue()).as(failedOutput).isEqualTo(1);
        assertThat(failedOutput).contains("FAIL line 2 (id aud_2)", "expected hash: ", "actual hash: ");
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }
}
