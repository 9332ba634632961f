package dev.ditto.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request as {@link FakeUpstream} received it: method, path, query, headers and body.
 *
 * <p>Immutable and thread-safe. Header names are lower-cased (HTTP header names are
 * case-insensitive) and keep their arrival order; a repeated header keeps all its values.
 */
public final class CapturedRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int number;
    private final String method;
    private final String path;
    private final @Nullable String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final int remotePort;
    private final long bodyLength;
    private final String bodySha256;

    CapturedRequest(int number, String method, String path, @Nullable String query,
            Map<String, List<String>> headers, byte[] body, int remotePort) {
        this(number, method, path, query, headers, body, remotePort, body.length, sha256(body));
    }

    /** A request whose body was only digested as it arrived: {@code body} holds its beginning. */
    CapturedRequest(int number, String method, String path, @Nullable String query,
            Map<String, List<String>> headers, byte[] body, int remotePort, long bodyLength, String bodySha256) {
        this.bodyLength = bodyLength;
        this.bodySha256 = bodySha256;
        this.number = number;
        this.remotePort = remotePort;
        this.method = method;
        this.path = path;
        this.query = query;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body.clone();
    }

    /** Collects headers in arrival order, merging repeats, for the constructor. */
    static Map<String, List<String>> headerMap(Iterable<Map.Entry<String, String>> fields) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields) {
            map.computeIfAbsent(field.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        return map;
    }

    /**
     * Returns the position of this request among all requests the upstream received.
     *
     * @return 1 for the first request
     */
    public int number() {
        return number;
    }

    /**
     * Returns the client's port, which tells connections apart: requests sent on one kept-alive
     * connection share it.
     *
     * @return the remote TCP port, or -1 if unknown
     */
    public int remotePort() {
        return remotePort;
    }

    /**
     * Returns the request method.
     *
     * @return for example {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * Returns the request path, without the query.
     *
     * @return for example {@code /v1/chat/completions}
     */
    public String path() {
        return path;
    }

    /**
     * Returns the raw query string.
     *
     * @return the query without the leading {@code ?}, or empty if the URI had none
     */
    public Optional<String> query() {
        return Optional.ofNullable(query);
    }

    /**
     * Returns all headers.
     *
     * @return lower-cased names to their values, in arrival order; unmodifiable
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, in any case
     * @return the first value, or empty if the header was absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Returns the body bytes.
     *
     * @return a copy of the body; empty if there was none
     */
    public byte[] bodyBytes() {
        return body.clone();
    }

    /**
     * Returns the length of the whole body, also for a route that kept only its beginning
     * ({@link Route#digestBody()}).
     *
     * @return the number of body bytes received
     */
    public long bodyLength() {
        return bodyLength;
    }

    /**
     * Returns the SHA-256 of the whole body, also for a route that kept only its beginning.
     *
     * @return the digest in lower-case hex
     */
    public String bodySha256() {
        return bodySha256;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the body text; empty if there was none
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Parses the body as JSON.
     *
     * @return the JSON tree
     * @throws IllegalStateException if the body is not valid JSON
     */
    public JsonNode bodyJson() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("request #" + number + " body is not JSON: " + bodyText(), e);
        }
    }

    @Override
    public String toString() {
        return "#" + number + " " + method + " " + path + (query == null ? "" : "?" + query)
                + " (" + body.length + " body bytes)";
    }
}
