/**
 * OpenAI-compatible vendors: servers that speak OpenAI's Chat Completions API with their own
 * quirks, served by the OpenAI adapter configured with a per-vendor
 * {@link dev.ditto.provider.openaicompatible.OpenAiCompatibleProfile} (default base URL, where
 * reasoning text arrives, whether {@code stream_options} is accepted, renamed and missing
 * fields). Only this package may depend on {@code dev.ditto.provider.openai}.
 */
@NullMarked
package dev.ditto.provider.openaicompatible;

import org.jspecify.annotations.NullMarked;
