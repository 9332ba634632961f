package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Framing;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading holds its upstream back: the gateway keeps a bounded buffer per
 * stream and stops pulling from the upstream when it is full, so the upstream stalls after a
 * small part of a large stream instead of the gateway buffering it all. Once the client reads
 * again, the whole stream arrives intact.
 */
class SlowClientBackpressureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int EVENTS = 6000;
    private static final int EVENT_BYTES = 8 * 1024;

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/m, api_base: "%s/v1", api_key: k}
                router_settings: {num_retries: 0}
                """.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @Test
    void aClientThatStopsReadingStallsItsUpstreamAndThenGetsEverything() throws Exception {
        char[] words = new char[EVENT_BYTES];
        Arrays.fill(words, 'x');
        String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"" + new String(words) + "\"},\"finish_reason\":null}]}";
        String[] payloads = new String[EVENTS];
        Arrays.fill(payloads, chunk);
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.sse(Framing.DATA_THEN_DONE, payloads));
        long streamBytes = (long) EVENTS * chunk.length();

        try (Socket client = new Socket()) {
            // A small window, so that the client's own socket holds little of what the gateway sends.
            client.setReceiveBufferSize(64 * 1024);
            client.connect(new InetSocketAddress("127.0.0.1", gateway.baseUri().getPort()), 5000);
            client.setSoTimeout((int) TIMEOUT.toMillis());
            byte[] body = "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();

            Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
            int stalledAt = awaitStall(exchange);
            long heldBack = (long) stalledAt * chunk.length();

            // Socket buffers on both hops plus the gateway's own bounded queue: a few MiB, far from
            // the 47 MiB of the whole stream.
            assertThat(heldBack).as("bytes the upstream got out while the client read nothing")
                    .isLessThan(streamBytes / 2);
            assertThat(exchange.outcome()).as("the upstream is still waiting to send").isEmpty();

            String answer = readAll(client.getInputStream());
            assertThat(occurrences(answer, "\"object\":\"chat.completion.chunk\"")).isEqualTo(EVENTS);
            assertThat(answer).contains("data: [DONE]");
            assertThat(exchange.awaitOutcome(TIMEOUT)).isNotNull();
        }
    }

    /** Waits until the upstream has sent nothing more for a second; returns the events it sent. */
    private static int awaitStall(Exchange exchange) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            int now = exchange.eventsSent();
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the upstream never stalled: " + last + " events sent");
    }

    private static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
