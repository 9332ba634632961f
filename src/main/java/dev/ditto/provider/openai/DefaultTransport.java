package dev.ditto.provider.openai;

import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;

/**
 * The transport shared by OpenAI providers built without one: the default timeouts and the
 * {@link OpenAiErrorMapper}. Created on first use and kept for the life of the JVM (its timer
 * thread is a daemon).
 */
final class DefaultTransport {

    private DefaultTransport() {
    }

    private static final class Holder {
        static final HttpTransport INSTANCE = HttpTransport.of(HttpTransportConfig.builder()
                .errorMapper(OpenAiErrorMapper.ofDefaults())
                .build());
    }

    static HttpTransport get() {
        return Holder.INSTANCE;
    }
}
