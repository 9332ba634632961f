/**
 * Provider adapters, one sub-package per provider, each built from the same parts: a model
 * class, wire records, a stateless mapper, a stream decoder and an error mapper.
 * {@link dev.ditto.provider.ProviderRegistry} selects the adapter from a LiteLLM-style
 * {@code provider/model} string; it is the only class that knows every provider.
 */
@NullMarked
package dev.ditto.provider;

import org.jspecify.annotations.NullMarked;
