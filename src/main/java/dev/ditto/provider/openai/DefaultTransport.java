package dev.ditto.provider.openai;

import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;

/**
 * The transport an OpenAI provider built without one creates for itself: the default timeouts
 * and the {@link OpenAiErrorMapper}. The provider owns it and closes it; no transport is shared
 * JVM-wide, so nothing outlives an undeployed WAR.
 */
final class DefaultTransport {

    private DefaultTransport() {
    }

    static HttpTransport create() {
        return HttpTransport.of(HttpTransportConfig.builder()
                .errorMapper(OpenAiErrorMapper.ofDefaults())
                .build());
    }
}
