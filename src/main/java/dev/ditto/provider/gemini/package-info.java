/**
 * The Google Gemini adapter (AI Studio / Generative Language API): {@code generateContent},
 * {@code streamGenerateContent?alt=sse} and {@code batchEmbedContents}.
 *
 * <p>The public surface is {@link dev.ditto.provider.gemini.GeminiProvider}, the models it makes
 * and {@link dev.ditto.provider.gemini.GeminiErrorMapper}. Everything else is package-private
 * and built from the same parts as every adapter: wire records ({@code GeminiWire}), stateless
 * mappers between SDK and wire types, a stream decoder and an error mapper. Nothing
 * Gemini-specific leaves the package except through {@code ProviderMetadata},
 * {@code ProviderPart} and {@code providerOptions} under the key {@code "gemini"}.
 */
@NullMarked
package dev.ditto.provider.gemini;

import org.jspecify.annotations.NullMarked;
