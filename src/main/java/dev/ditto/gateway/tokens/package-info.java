/**
 * Token counting without a provider call: OpenAI's BPE encodings (through jtokkit, the only
 * package that may use it) applied to provider-neutral requests. Used where an upstream has no
 * counting API ({@code /v1/messages/count_tokens} on non-Anthropic deployments) and for token
 * estimates before a call. Lives in the gateway because it needs a library beyond the JDK and
 * Jackson, which {@code sdk} and {@code control} must not use; {@code control} reaches it
 * through a port of its own.
 */
@NullMarked
package dev.ditto.gateway.tokens;

import org.jspecify.annotations.NullMarked;
