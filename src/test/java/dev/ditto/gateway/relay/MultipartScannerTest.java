package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Finding the model field of a form in chunks of any size, and refusing what is not a form. */
class MultipartScannerTest {

    private static final String BOUNDARY = "b0undary";
    private static final String MODEL_FIRST = "--b0undary\r\n"
            + "Content-Disposition: form-data; name=\"model\"\r\n\r\n"
            + "whisper\r\n"
            + "--b0undary\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
            + "RIFF\r\n--b0undar not yet--b0undary\r\n"
            + "--b0undary--\r\n";
    private static final String FILE_FIRST = "preamble to ignore\r\n--b0undary\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n"
            + "RIFF....\r\n"
            + "--b0undary  \r\n"
            + "content-disposition: form-data; name=model\r\nContent-Type: text/plain\r\n\r\n"
            + " gpt-4o-transcribe \r\n"
            + "--b0undary--";

    static Stream<Integer> chunkSizes() {
        return IntStream.of(1, 2, 3, 7, 13, 64, 10_000).boxed();
    }

    @ParameterizedTest
    @MethodSource("chunkSizes")
    void findsAModelBeforeTheFileInAnyChunking(int chunk) throws Exception {
        MultipartScanner scanner = scan(MODEL_FIRST, chunk);

        assertThat(scanner.value()).isEqualTo("whisper");
        assertThat(MODEL_FIRST.substring((int) scanner.valueStart(), (int) scanner.valueEnd())).isEqualTo("whisper");
        assertThat(scanner.fileFirst()).isFalse();
        assertThat(scanner.done()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("chunkSizes")
    void findsAModelAfterTheFileAndSaysTheFileCameFirst(int chunk) throws Exception {
        MultipartScanner scanner = scan(FILE_FIRST, chunk);

        assertThat(scanner.value()).isEqualTo("gpt-4o-transcribe");
        assertThat(FILE_FIRST.substring((int) scanner.valueStart(), (int) scanner.valueEnd()))
                .isEqualTo(" gpt-4o-transcribe ");
        assertThat(scanner.fileFirst()).isTrue();
        assertThat(scanner.done()).isTrue();
    }

    @Test
    void readsTheBoundaryOfAContentType() {
        assertThat(MultipartScanner.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartScanner.boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartScanner.boundary("application/json")).isNull();
        assertThat(MultipartScanner.boundary("multipart/form-data")).isNull();
        assertThat(MultipartScanner.boundary(null)).isNull();
    }

    @Test
    void refusesPartsWithoutADispositionAndModelsThatAreDocuments() {
        String noDisposition = "--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--";
        String longModel = "--b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + "m".repeat(5000)
                + "\r\n--b0undary--";

        assertThatThrownBy(() -> scan(noDisposition, 16)).isInstanceOf(MultipartScanner.MalformedException.class)
                .hasMessageContaining("no Content-Disposition");
        assertThatThrownBy(() -> scan(longModel, 16)).isInstanceOf(MultipartScanner.MalformedException.class)
                .hasMessageContaining("longer than 1024 bytes");
    }

    private static MultipartScanner scan(String body, int chunk) throws MultipartScanner.MalformedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        MultipartScanner scanner = new MultipartScanner(BOUNDARY, "model");
        for (int at = 0; at < bytes.length; at += chunk) {
            scanner.feed(bytes, at, Math.min(chunk, bytes.length - at));
        }
        return scanner;
    }
}
