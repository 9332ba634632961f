package dev.ditto.provider.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EchoModelTest {

    private final EchoModel echo = new EchoModel();

    @Test
    void wordsConcatenateBackToTheTrimmedText() {
        EchoModel.EchoReply reply = echo.reply(List.of("  Hello,\n big   world  "), "  Hello,\n big   world  ", null);

        assertThat(reply.words()).containsExactly("Hello,", "\n big", "   world");
        assertThat(reply.text()).isEqualTo("Hello,\n big   world");
        assertThat(reply.truncated()).isFalse();
        assertThat(reply.promptTokens()).isEqualTo(3);
    }

    @Test
    void stopsAtTheTokenLimit() {
        EchoModel.EchoReply reply = echo.reply(List.of("a b c"), "a b c", 2);

        assertThat(reply.text()).isEqualTo("a b");
        assertThat(reply.truncated()).isTrue();
        assertThat(echo.reply(List.of("a b"), "a b", 2).truncated()).isFalse();
        assertThatThrownBy(() -> echo.reply(List.of(), "a", 0)).hasMessageContaining("got 0");
    }

    @Test
    void emptyPromptGivesAnEmptyAnswer() {
        assertThat(echo.reply(List.of(""), "", null).completionTokens()).isZero();
    }
}
