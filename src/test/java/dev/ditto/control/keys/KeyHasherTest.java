package dev.ditto.control.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

    @Test
    void hashesTheWholeKeyLikeLitellm() {
        // python: hashlib.sha256("sk-1234".encode()).hexdigest(), as LiteLLM's hash_token stores it
        assertThat(KeyHasher.sha256().hash("sk-1234"))
                .isEqualTo("88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b");
    }

    @Test
    void aPepperGivesHmacSha256AndNeedsSixteenCharacters() {
        KeyHasher peppered = KeyHasher.hmacSha256("pepper-0123456789");

        // python: hmac.new(b"pepper-0123456789", b"sk-1234", hashlib.sha256).hexdigest()
        assertThat(peppered.hash("sk-1234"))
                .isEqualTo("a3778fdce62d772c6ce551b4a12cc7e8219c02bad1ff739a0538d674eae93c55");
        assertThat(peppered.peppered()).isTrue();
        assertThatThrownBy(() -> KeyHasher.hmacSha256("short")).hasMessageContaining("16");
    }

    @Test
    void generatedKeysAreOneWordOf192RandomBitsStoredOnlyAsTheirHash() {
        KeyGenerator generator = KeyGenerator.of(KeyHasher.sha256());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            GeneratedKey key = generator.generate();
            assertThat(key.secret()).matches("sk-[0-9A-Za-z]{33}");
            assertThat(key.hash()).isEqualTo(KeyHasher.sha256().hash(key.secret()));
            assertThat(key.displayPrefix()).isEqualTo("sk-..." + key.secret().substring(key.secret().length() - 4));
            assertThat(key.toString()).doesNotContain(key.secret());
            seen.add(key.secret());
        }
        assertThat(seen).hasSize(200);
    }
}
