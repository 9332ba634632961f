/**
 * The OpenAI Responses API ({@code POST /v1/responses}): the provider adapter
 * ({@link dev.ditto.provider.openai.responses.OpenAiResponsesProvider},
 * {@link dev.ditto.provider.openai.responses.OpenAiResponsesLanguageModel}) and the gateway's edge
 * codec ({@link dev.ditto.provider.openai.responses.OpenAiResponsesEdgeCodec}).
 *
 * <p>Everything else here is package-private: the mappers between SDK types and the wire JSON, the
 * stream decoder and encoder, the error mapper and the wire records. Output items are handled as
 * Jackson trees rather than records, because the built-in tool items ({@code web_search_call},
 * {@code mcp_call}, {@code shell_call}, ...) are carried verbatim as
 * {@link dev.ditto.sdk.message.ProviderPart}s and must survive unchanged, including fields added
 * after this code was written. Provider-specific values use the provider key {@code openai}.
 */
@NullMarked
package dev.ditto.provider.openai.responses;

import org.jspecify.annotations.NullMarked;
