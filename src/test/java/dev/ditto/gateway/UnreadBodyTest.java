package dev.ditto.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.testing.GatewayServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An answer given before the request's body was read (a 401 or 403 before the admin API or a
 * relay reads it, a 404, a 405, a 415) leaves the connection usable for the client's next request. Left
 * unread, the body made the container close the connection after an answer that did not say so:
 * a client that had already taken the connection from its pool for the next request got no
 * answer at all ("header parser received no bytes" in the JDK's client). Here the answer is
 * read before a byte of the body is sent, the way the race ends when it goes wrong.
 */
class UnreadBodyTest {

    private static final String MASTER_KEY = "sk-master-unread-1234";
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                general_settings:
                  master_key: %s
                """.formatted(MASTER_KEY));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {4}")
    @CsvSource(delimiter = '|', value = {
            "POST  | /admin/tenants           | none        | application/json | 401",
            "PATCH | /admin/tenants/ten-x     | wrong       | application/json | 401",
            "POST  | /key/generate            | none        | application/json | 401",
            "POST  | /v1/chat/completions     | wrong       | application/json | 401",
            "POST  | /v1/messages             | none        | application/json | 401",
            "POST  | /v1/chat/completions     | master      | text/plain       | 415",
            "POST  | /admin/no-such-thing     | master      | application/json | 404",
            "PUT   | /admin/tenants           | master      | application/json | 405",
            // A body the API read to its end, for contrast.
            "POST  | /admin/tenants           | master      | application/json | 201",
    })
    void theConnectionServesTheNextRequestAfterAnAnswerGivenBeforeTheBody(String method, String path,
            String caller, String type, int status) throws Exception {
        String body = "{\"name\":\"Unread " + path.length() + method + type.length() + "\",\"metadata\":{\"padding\":\""
                + "x".repeat(2_000) + "\"}}";
        String authorization = switch (caller) {
            case "master" -> "Authorization: Bearer " + MASTER_KEY + "\r\n";
            case "wrong" -> "Authorization: Bearer sk-not-a-key-0000\r\n";
            default -> "";
        };
        try (Socket socket = new Socket(gateway.baseUri().getHost(), gateway.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n"
                    + authorization + "Content-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (status != 201) {
                // The answer comes before the body is sent: nothing of it was read.
                Answer refused = Answer.read(in);
                assertThat(refused.status()).as(refused.text()).isEqualTo(status);
                assertThat(refused.headers()).as("the answer does not close the connection")
                        .doesNotContain("connection: close");
                out.write(content);
            } else {
                out.write(content);
                Answer created = Answer.read(in);
                assertThat(created.status()).as(created.text()).isEqualTo(status);
            }
            out.write("GET /health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            Answer next = Answer.read(in);

            assertThat(next.status()).as(next.text()).isEqualTo(200);
        }
    }

    /** A response with a {@code Content-Length}, read off the socket and no further. */
    private record Answer(int status, String headers, String text) {

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed after " + head.size() + " bytes of an answer: "
                            + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int at = headers.indexOf("content-length:");
            int length = at < 0 ? 0
                    : Integer.parseInt(headers.substring(at + 15, headers.indexOf('\r', at)).trim());
            byte[] body = in.readNBytes(length);
            return new Answer(Integer.parseInt(headers.substring(9, 12)), headers,
                    new String(body, StandardCharsets.UTF_8));
        }
    }
}
