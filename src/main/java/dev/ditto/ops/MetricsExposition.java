package dev.ditto.ops;

import java.io.IOException;
import java.io.OutputStream;

/** Writes every metric in Prometheus' text exposition format, for {@code GET /metrics}. Thread-safe. */
public interface MetricsExposition {

    /** The content type of Prometheus' text format, version 0.0.4. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Writes the current values.
     *
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
}
