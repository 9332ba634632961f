package dev.ditto.sdk.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Opaque provider-specific values attached to a part, a message or a result, keyed by provider
 * name and then by field: for example {@code anthropic -> {"signature": "..."}}, {@code google ->
 * {"thoughtSignature": "..."}} or {@code openai -> {"itemId": "rs_...", "encryptedContent":
 * "..."}}.
 *
 * <p>Adapters copy these values into the next request sent to the same provider, which is what
 * lets multi-turn conversations round-trip through the gateway; other providers ignore them.
 *
 * <p>Instances are immutable and thread-safe: JSON values are deep-copied on the way in and on
 * the way out, because Jackson nodes are mutable.
 *
 * <pre>{@code
 * ProviderMetadata meta = ProviderMetadata.empty().with("anthropic", "signature", "EqQB...");
 * String signature = meta.string("anthropic", "signature").orElseThrow();
 * }</pre>
 */
public final class ProviderMetadata {

    private static final ProviderMetadata EMPTY = new ProviderMetadata(Map.of());

    private final Map<String, ObjectNode> values;

    private ProviderMetadata(Map<String, ObjectNode> values) {
        this.values = values;
    }

    /**
     * Returns metadata with no providers.
     *
     * @return the empty metadata
     */
    public static ProviderMetadata empty() {
        return EMPTY;
    }

    /**
     * Returns metadata holding one provider's values.
     *
     * @param provider the provider name, such as {@code anthropic}
     * @param providerValues the provider's fields, copied
     * @return the metadata
     * @throws IllegalArgumentException if {@code provider} is blank
     */
    public static ProviderMetadata of(String provider, ObjectNode providerValues) {
        return EMPTY.with(provider, providerValues);
    }

    /**
     * Returns a copy in which {@code provider}'s values are replaced by {@code providerValues}.
     *
     * @param provider the provider name
     * @param providerValues the provider's fields, copied
     * @return the copy
     * @throws IllegalArgumentException if {@code provider} is blank
     */
    public ProviderMetadata with(String provider, ObjectNode providerValues) {
        requireProvider(provider);
        Objects.requireNonNull(providerValues, "providerValues");
        Map<String, ObjectNode> copy = new LinkedHashMap<>(values);
        copy.put(provider, providerValues.deepCopy());
        return new ProviderMetadata(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns a copy in which one field of {@code provider}'s values is set.
     *
     * @param provider the provider name
     * @param field the field name
     * @param value the value, copied
     * @return the copy
     * @throws IllegalArgumentException if {@code provider} is blank
     */
    public ProviderMetadata with(String provider, String field, JsonNode value) {
        requireProvider(provider);
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        ObjectNode node = values.containsKey(provider)
                ? values.get(provider).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        node.set(field, value.deepCopy());
        Map<String, ObjectNode> copy = new LinkedHashMap<>(values);
        copy.put(provider, node);
        return new ProviderMetadata(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns a copy in which one text field of {@code provider}'s values is set.
     *
     * @param provider the provider name
     * @param field the field name
     * @param value the text value
     * @return the copy
     * @throws IllegalArgumentException if {@code provider} is blank
     */
    public ProviderMetadata with(String provider, String field, String value) {
        return with(provider, field, JsonNodeFactory.instance.textNode(value));
    }

    /**
     * Returns a copy of one provider's values.
     *
     * @param provider the provider name
     * @return the values, or empty when the provider has none
     */
    public Optional<ObjectNode> get(String provider) {
        ObjectNode node = values.get(provider);
        return node == null ? Optional.empty() : Optional.of(node.deepCopy());
    }

    /**
     * Returns a copy of one field of a provider's values.
     *
     * @param provider the provider name
     * @param field the field name
     * @return the value, or empty when absent
     */
    public Optional<JsonNode> get(String provider, String field) {
        ObjectNode node = values.get(provider);
        JsonNode value = node == null ? null : node.get(field);
        return value == null ? Optional.empty() : Optional.of(value.deepCopy());
    }

    /**
     * Returns one text field of a provider's values.
     *
     * @param provider the provider name
     * @param field the field name
     * @return the text, or empty when absent or not a JSON string
     */
    public Optional<String> string(String provider, String field) {
        ObjectNode node = values.get(provider);
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /**
     * Returns the providers that have values, in insertion order.
     *
     * @return the provider names, unmodifiable
     */
    public Set<String> providers() {
        return values.keySet();
    }

    /**
     * Returns whether no provider has values.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    private static void requireProvider(String provider) {
        Objects.requireNonNull(provider, "provider");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("provider must not be blank but was '" + provider + "'");
        }
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof ProviderMetadata that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "ProviderMetadata" + values;
    }
}
