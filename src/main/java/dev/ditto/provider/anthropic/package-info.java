/**
 * The Anthropic Messages adapter ({@code POST /v1/messages}) and its edge codec.
 *
 * <p>Public: {@link dev.ditto.provider.anthropic.AnthropicProvider} (configuration and the entry
 * point), {@link dev.ditto.provider.anthropic.AnthropicLanguageModel},
 * {@link dev.ditto.provider.anthropic.AnthropicErrorMapper}, and for the gateway's Anthropic
 * endpoint {@link dev.ditto.provider.anthropic.AnthropicEdgeCodec} with its
 * {@link dev.ditto.provider.anthropic.AnthropicStreamEncoder}. Everything else is package-private:
 * the wire records ({@code Wire*}), the stateless mappers between them and the SDK types, and the
 * stream decoder.
 *
 * <p>Block fields that have no provider-neutral name travel in the {@code anthropic} entry of a
 * part's {@link dev.ditto.sdk.message.ProviderMetadata} under their wire names ({@code
 * cache_control}, {@code citations}, {@code caller}, {@code signature}, {@code title}, ...), and
 * are merged back into the block when the part is sent to Anthropic again. Blocks with no SDK
 * counterpart (server tool calls and results, MCP, compaction, fallback) travel as
 * {@link dev.ditto.sdk.message.ProviderPart}s holding the block verbatim.
 */
@NullMarked
package dev.ditto.provider.anthropic;

import org.jspecify.annotations.NullMarked;
