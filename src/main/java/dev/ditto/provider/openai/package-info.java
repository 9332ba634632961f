/**
 * The OpenAI adapter: Chat Completions ({@link dev.ditto.provider.openai.OpenAiChatLanguageModel}),
 * legacy text completions, embeddings, Azure OpenAI deployments
 * ({@link dev.ditto.provider.openai.AzureOpenAiProvider}), and the gateway's OpenAI Chat edge
 * codec ({@link dev.ditto.provider.openai.OpenAiChatEdgeCodec}).
 *
 * <p>Public here: the providers and their builders, the model classes, the
 * {@link dev.ditto.provider.openai.OpenAiChatDialect} that OpenAI-compatible vendors configure,
 * the error mapper and the edge codec. Wire records, mappers and stream decoders are
 * package-private: nothing outside this package sees OpenAI's JSON shapes.
 */
@NullMarked
package dev.ditto.provider.openai;

import org.jspecify.annotations.NullMarked;
