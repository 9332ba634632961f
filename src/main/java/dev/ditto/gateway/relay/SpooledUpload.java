package dev.ditto.gateway.relay;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload spooled to a temporary file because its file came before its {@code model} field:
 * sent from the file for each attempt, with the deployment's model in place of the client's, so
 * it can be retried and fall back. {@link #release()} deletes the file.
 *
 * @param file the spool file
 * @param size its length
 * @param valueStart where the {@code model} field's value starts in it
 * @param valueEnd where that value ends, exclusive
 */
record SpooledUpload(Path file, long size, long valueStart, long valueEnd) implements ProxyBody {

    private static final Logger LOG = LoggerFactory.getLogger(SpooledUpload.class);

    @Override
    public HttpRequest.BodyPublisher publisher(@Nullable String upstreamModel) {
        if (upstreamModel == null) {
            return range(0, size);
        }
        return HttpRequest.BodyPublishers.concat(range(0, valueStart),
                HttpRequest.BodyPublishers.ofByteArray(upstreamModel.getBytes(StandardCharsets.UTF_8)),
                range(valueEnd, size));
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public void release() {
        delete(file);
    }

    /** Deletes a spool file; a failure is logged, never thrown. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("event=spool_delete_failed file={} error=\"{}\"", file, e.toString());
        }
    }

    private HttpRequest.BodyPublisher range(long from, long to) {
        return to <= from ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(new FileRange(file, from, to), to - from);
    }
}
