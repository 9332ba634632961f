package dev.ditto.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The client side of the harness tests: a {@link HttpClient} on HTTP/1.1 plus a minimal SSE
 * reader. Deliberately independent of {@link Framing} and {@link Fixtures}, so the tests check
 * the wire format rather than the harness against itself.
 */
final class SseTestClient {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
        return http.send(postRequest(uri, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> postForBytes(URI uri, String body) throws IOException, InterruptedException {
        return http.send(postRequest(uri, body), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<InputStream> postForStream(URI uri, String body) throws IOException, InterruptedException {
        return http.send(postRequest(uri, body), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest postRequest(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** One parsed SSE event; {@code event} is null when the block had no {@code event:} line. */
    record SseEvent(@Nullable String event, String data) {
    }

    /** Parses a complete SSE body: blocks separated by blank lines, {@code event:}/{@code data:} fields. */
    static List<SseEvent> parse(String body) {
        List<SseEvent> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isEmpty()) {
                continue;
            }
            String event = null;
            List<String> data = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring("data: ".length()));
                } else {
                    throw new AssertionError("unexpected SSE line: " + line);
                }
            }
            events.add(new SseEvent(event, String.join("\n", data)));
        }
        return events;
    }

    /**
     * Reads one raw event, up to and including its blank line.
     *
     * @return the event text, or null at a clean end of the body
     * @throws IOException if the connection breaks, including a truncated chunked body
     */
    static @Nullable String readEvent(InputStream in) throws IOException {
        return RawSse.nextBlock(in);
    }

    static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-blank lines of a fixture, read with plain file IO. */
    static List<String> fixtureLines(String fixture) throws IOException {
        return new String(fixtureBytes(fixture), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    /** The bytes of a fixture, read with plain file IO. */
    static byte[] fixtureBytes(String fixture) throws IOException {
        return Files.readAllBytes(Fixtures.dir().resolve(fixture));
    }

    /** A raw HTTP/1.1 response: status line and headers as text, chunked body decoded. */
    record RawResponse(String head, byte[] body, boolean sawLastChunk, @Nullable IOException failure) {
    }

    /**
     * Sends a keep-alive request over a plain socket and reads until the server closes, so the
     * test sees exactly what went on the wire, including whether the terminating chunk was sent.
     * (With {@code Connection: close} Jetty would end the body by closing instead of chunking.)
     * Meant for replies that close the connection; others end at the read timeout.
     */
    static RawResponse rawPost(int port, String path, String body) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        IOException failure = null;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            socket.getInputStream().transferTo(wire);
        } catch (IOException e) {
            failure = e;
        }
        return decodeChunked(wire.toByteArray(), failure);
    }

    private static RawResponse decodeChunked(byte[] wire, @Nullable IOException failure) {
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return new RawResponse(text, new byte[0], false, failure);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int pos = headEnd + 4;
        while (true) {
            int lineEnd = text.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                return new RawResponse(text.substring(0, headEnd), body.toByteArray(), false, failure);
            }
            int size = Integer.parseInt(text.substring(pos, lineEnd).trim(), 16);
            if (size == 0) {
                return new RawResponse(text.substring(0, headEnd), body.toByteArray(), true, failure);
            }
            int dataEnd = Math.min(lineEnd + 2 + size, wire.length);
            body.write(wire, lineEnd + 2, dataEnd - (lineEnd + 2));
            pos = dataEnd + 2;
            if (pos > wire.length) {
                return new RawResponse(text.substring(0, headEnd), body.toByteArray(), false, failure);
            }
        }
    }
}
