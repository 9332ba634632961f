package dev.ditto.sdk.http;

import dev.ditto.sdk.Ticker;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one {@link HttpTransport}: timeouts, size caps, error mapping and clocks.
 *
 * <p>Timeouts:
 * <ul>
 *   <li>{@code connectTimeout}: establishing the TCP/TLS connection;</li>
 *   <li>{@code firstByteTimeout}: from sending a streaming request until the response headers
 *       arrive (connecting included). Non-streaming calls are bounded by {@code totalTimeout}
 *       alone, because their headers come only once the whole answer is generated;</li>
 *   <li>{@code idleTimeout}: the longest gap between two SSE events (comments count as
 *       activity) while the subscriber is waiting; time the subscriber spends not requesting does
 *       not count;</li>
 *   <li>{@code totalTimeout}: the whole exchange, body included.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * HttpTransportConfig config = HttpTransportConfig.builder()
 *         .connectTimeout(Duration.ofSeconds(5))
 *         .idleTimeout(Duration.ofSeconds(60))
 *         .build();
 * }</pre>
 */
public final class HttpTransportConfig {

    private final Duration connectTimeout;
    private final Duration firstByteTimeout;
    private final Duration idleTimeout;
    private final Duration totalTimeout;
    private final int maxLineBytes;
    private final int maxEventBytes;
    private final int maxResponseBytes;
    private final HttpClient.Version httpVersion;
    private final UpstreamErrorMapper errorMapper;
    private final Ticker ticker;
    private final @Nullable Executor executor;

    private HttpTransportConfig(Builder b, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout,
            Duration totalTimeout) {
        this.connectTimeout = connectTimeout;
        this.firstByteTimeout = firstByteTimeout;
        this.idleTimeout = idleTimeout;
        this.totalTimeout = totalTimeout;
        this.maxLineBytes = b.maxLineBytes;
        this.maxEventBytes = b.maxEventBytes;
        this.maxResponseBytes = b.maxResponseBytes;
        this.httpVersion = b.httpVersion;
        this.errorMapper = b.errorMapper;
        this.ticker = b.ticker;
        this.executor = b.executor;
    }

    /**
     * Returns the defaults: connect 10 s, first byte 120 s, idle 120 s, total 600 s (LiteLLM's
     * default {@code timeout}), 8 MiB per SSE line and event, 64 MiB per response, HTTP/2 where
     * offered, {@link HttpStatusErrorMapper}, the system ticker and the client's own executor.
     *
     * @return the default configuration
     */
    public static HttpTransportConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values. The copied timeouts count as
     * defaults, so setting one of them adjusts the others instead of contradicting them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.firstByteTimeout = firstByteTimeout;
        b.idleTimeout = idleTimeout;
        b.totalTimeout = totalTimeout;
        b.maxLineBytes = maxLineBytes;
        b.maxEventBytes = maxEventBytes;
        b.maxResponseBytes = maxResponseBytes;
        b.httpVersion = httpVersion;
        b.errorMapper = errorMapper;
        b.ticker = ticker;
        b.executor = executor;
        return b;
    }

    /**
     * Returns the connect timeout.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns the wait for response headers of a streaming call.
     *
     * @return the wait for response headers of a streaming call
     */
    public Duration firstByteTimeout() {
        return firstByteTimeout;
    }

    /**
     * Returns the longest gap between SSE events while the subscriber waits.
     *
     * @return the longest gap between SSE events while the subscriber waits
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Returns the limit on a whole exchange.
     *
     * @return the limit on a whole exchange
     */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    /**
     * Returns the cap on one SSE line, in bytes.
     *
     * @return the cap on one SSE line, in bytes
     */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /**
     * Returns the cap on the data of one SSE event, in bytes.
     *
     * @return the cap on the data of one SSE event, in bytes
     */
    public int maxEventBytes() {
        return maxEventBytes;
    }

    /**
     * Returns the cap on a non-streaming response body, in bytes.
     *
     * @return the cap on a non-streaming response body, in bytes
     */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * Returns the preferred HTTP version; HTTP/2 falls back to HTTP/1.1 when not offered.
     *
     * @return the preferred HTTP version; HTTP/2 falls back to HTTP/1.1 when not offered
     */
    public HttpClient.Version httpVersion() {
        return httpVersion;
    }

    /**
     * Returns the mapper from error answers to exceptions.
     *
     * @return the mapper from error answers to exceptions
     */
    public UpstreamErrorMapper errorMapper() {
        return errorMapper;
    }

    /**
     * Returns the monotonic clock used to measure idle gaps.
     *
     * @return the monotonic clock used to measure idle gaps
     */
    public Ticker ticker() {
        return ticker;
    }

    /**
     * Returns the executor for the HTTP client's callbacks, or {@code null} for the client's own.
     *
     * @return the executor for the HTTP client's callbacks, or {@code null} for the client's own
     */
    public @Nullable Executor executor() {
        return executor;
    }

    @Override
    public String toString() {
        return "HttpTransportConfig[connectTimeout=" + connectTimeout + ", firstByteTimeout=" + firstByteTimeout
                + ", idleTimeout=" + idleTimeout + ", totalTimeout=" + totalTimeout + ", maxLineBytes="
                + maxLineBytes + ", maxEventBytes=" + maxEventBytes + ", maxResponseBytes=" + maxResponseBytes
                + ", httpVersion=" + httpVersion + "]";
    }

    /**
     * Collects transport settings. Setters validate at once; {@link #build()} rejects timeouts and
     * caps that contradict each other. Not thread-safe.
     */
    public static final class Builder {

        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration firstByteTimeout = Duration.ofSeconds(120);
        private Duration idleTimeout = Duration.ofSeconds(120);
        private Duration totalTimeout = Duration.ofSeconds(600);
        private int maxLineBytes = SseParser.DEFAULT_MAX_LINE_BYTES;
        private int maxEventBytes = SseParser.DEFAULT_MAX_EVENT_BYTES;
        private int maxResponseBytes = 64 * 1024 * 1024;
        private HttpClient.Version httpVersion = HttpClient.Version.HTTP_2;
        private UpstreamErrorMapper errorMapper = HttpStatusErrorMapper.ofDefaults();
        private Ticker ticker = Ticker.system();
        private @Nullable Executor executor;
        private boolean connectSet;
        private boolean firstByteSet;
        private boolean idleSet;
        private boolean totalSet;

        private Builder() {
        }

        /**
         * Sets the connect timeout.
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not positive
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = requirePositive("connectTimeout", value);
            this.connectSet = true;
            return this;
        }

        /**
         * Sets the wait for response headers of a streaming call.
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not positive
         */
        public Builder firstByteTimeout(Duration value) {
            this.firstByteTimeout = requirePositive("firstByteTimeout", value);
            this.firstByteSet = true;
            return this;
        }

        /**
         * Sets the longest gap between SSE events while the subscriber waits.
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not positive
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = requirePositive("idleTimeout", value);
            this.idleSet = true;
            return this;
        }

        /**
         * Sets the limit on a whole exchange.
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not positive
         */
        public Builder totalTimeout(Duration value) {
            this.totalTimeout = requirePositive("totalTimeout", value);
            this.totalSet = true;
            return this;
        }

        /**
         * Sets the caps on one SSE line and on the data of one SSE event.
         *
         * @param lineBytes the line cap, at least 1
         * @param eventBytes the event cap, at least {@code lineBytes}
         * @return this builder
         * @throws IllegalArgumentException if a cap is less than 1 or the line cap exceeds the event cap
         */
        public Builder sseLimits(int lineBytes, int eventBytes) {
            SseParser.of(lineBytes, eventBytes);
            this.maxLineBytes = lineBytes;
            this.maxEventBytes = eventBytes;
            return this;
        }

        /**
         * Sets the cap on a non-streaming response body.
         *
         * @param value the cap in bytes, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is less than 1
         */
        public Builder maxResponseBytes(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1 but was " + value);
            }
            this.maxResponseBytes = value;
            return this;
        }

        /**
         * Sets the preferred HTTP version.
         *
         * @param value {@code HTTP_2} (falls back to HTTP/1.1) or {@code HTTP_1_1}
         * @return this builder
         */
        public Builder httpVersion(HttpClient.Version value) {
            this.httpVersion = Objects.requireNonNull(value, "httpVersion");
            return this;
        }

        /**
         * Sets the mapper from error answers to exceptions.
         *
         * @param value the mapper, usually a provider's refinement of {@link HttpStatusErrorMapper}
         * @return this builder
         */
        public Builder errorMapper(UpstreamErrorMapper value) {
            this.errorMapper = Objects.requireNonNull(value, "errorMapper");
            return this;
        }

        /**
         * Sets the monotonic clock used to measure idle gaps.
         *
         * @param value the ticker
         * @return this builder
         */
        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /**
         * Sets the executor for the HTTP client's callbacks.
         *
         * @param value the executor, or {@code null} for the client's own
         * @return this builder
         */
        public Builder executor(@Nullable Executor value) {
            this.executor = value;
            return this;
        }

        /**
         * Builds the configuration. A timeout left at its default adjusts to one set explicitly
         * (a total of 30 s lowers the default first-byte and idle timeouts to 30 s); two explicit
         * timeouts that contradict each other are rejected.
         *
         * @return the configuration
         * @throws IllegalStateException if the connect timeout exceeds the first-byte timeout, or
         *     the first-byte or idle timeout exceeds the total timeout, each set explicitly
         */
        public HttpTransportConfig build() {
            Ordered firstByteTotal = order("firstByteTimeout", firstByteTimeout, firstByteSet, "totalTimeout", totalTimeout, totalSet);
            Ordered idleTotal = order("idleTimeout", idleTimeout, idleSet, "totalTimeout", firstByteTotal.larger(), totalSet);
            Ordered connectFirstByte = order("connectTimeout", connectTimeout, connectSet, "firstByteTimeout",
                    firstByteTotal.smaller(), firstByteSet);
            // Raising the first-byte timeout to an explicit connect timeout may push it past the total.
            Ordered firstByteTotalAgain = order(connectSet ? "connectTimeout" : "firstByteTimeout",
                    connectFirstByte.larger(), firstByteSet || connectSet, "totalTimeout", idleTotal.larger(), totalSet);
            return new HttpTransportConfig(this, connectFirstByte.smaller(), firstByteTotalAgain.smaller(),
                    idleTotal.smaller(), firstByteTotalAgain.larger());
        }

        /** Two timeouts where the first must not exceed the second. */
        private record Ordered(Duration smaller, Duration larger) {
        }

        /**
         * Orders two timeouts: when the first exceeds the second, the one left at its default moves
         * to the other's value; when both were set explicitly, the pair is rejected.
         */
        private static Ordered order(String smallName, Duration small, boolean smallSet, String largeName,
                Duration large, boolean largeSet) {
            if (small.compareTo(large) <= 0) {
                return new Ordered(small, large);
            }
            if (smallSet && largeSet) {
                throw new IllegalStateException(smallName + " " + small + " exceeds " + largeName + " " + large);
            }
            return smallSet ? new Ordered(small, small) : new Ordered(large, large);
        }

        private static Duration requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive but was " + value);
            }
            return value;
        }
    }
}
