package dev.ditto.sdk.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ProviderMetadataTest {

    @Test
    void setsAndReadsFieldsPerProvider() {
        ProviderMetadata metadata = ProviderMetadata.empty()
                .with("anthropic", "signature", "EqQB")
                .with("openai", "itemId", "rs_1")
                .with("openai", "encryptedContent", "gAAA");

        assertThat(metadata.providers()).containsExactly("anthropic", "openai");
        assertThat(metadata.string("anthropic", "signature")).contains("EqQB");
        assertThat(metadata.string("openai", "itemId")).contains("rs_1");
        assertThat(metadata.get("openai").orElseThrow().size()).isEqualTo(2);
        assertThat(metadata.string("google", "thoughtSignature")).isEmpty();
    }

    @Test
    void staysImmutableAlthoughJacksonNodesAreMutable() {
        ObjectNode values = new ObjectMapper().createObjectNode().put("thoughtSignature", "abc");
        ProviderMetadata metadata = ProviderMetadata.of("google", values);
        ProviderMetadata extended = metadata.with("google", "extra", "x");

        values.put("thoughtSignature", "changed");
        metadata.get("google").orElseThrow().put("thoughtSignature", "changed too");

        assertThat(metadata.string("google", "thoughtSignature")).contains("abc");
        assertThat(metadata.get("google", "extra")).isEmpty();
        assertThat(extended.string("google", "extra")).contains("x");
    }

    @Test
    void comparesByValue() {
        assertThat(ProviderMetadata.empty().with("a", "k", "v")).isEqualTo(ProviderMetadata.empty().with("a", "k", "v"));
        assertThat(ProviderMetadata.empty().isEmpty()).isTrue();
    }

    @Test
    void rejectsABlankProviderName() {
        assertThatThrownBy(() -> ProviderMetadata.empty().with(" ", "k", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("provider must not be blank but was ' '");
    }
}
