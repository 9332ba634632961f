package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The usage of JSON answers read as their bytes go by. */
class UsageSnifferTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 64, 100_000})
    void readsTheTopLevelUsageInAnyChunking(int chunk) {
        String answer = "{\"data\":[{\"b64_json\":\"" + "A".repeat(10_000) + "\",\"usage\":{\"total_tokens\":1}}],"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":4160,\"total_tokens\":4172,"
                + "\"input_tokens_details\":{\"text_tokens\":12}}}";

        Usage usage = sniff(answer, chunk);

        assertThat(usage.input().total()).isEqualTo(12L);
        assertThat(usage.output().total()).isEqualTo(4160L);
        assertThat(usage.totalTokens()).isEqualTo(4172L);
        assertThat(usage.raw().at("/input_tokens_details/text_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void readsChatStyleNames() {
        Usage usage = sniff("{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7},\"id\":\"x\"}", 3);

        assertThat(usage.input().total()).isEqualTo(3L);
        assertThat(usage.output().total()).isEqualTo(4L);
    }

    @Test
    void givesNoUsageForAnswersWithoutOneOrThatAreNotJson() {
        assertThat(sniff("{\"results\":[]}", 4)).isEqualTo(Usage.empty());
        assertThat(sniff("not json at all", 4)).isEqualTo(Usage.empty());
        assertThat(sniff("{\"usage\":7}", 4)).isEqualTo(Usage.empty());
    }

    private static Usage sniff(String answer, int chunk) {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        UsageSniffer sniffer = new UsageSniffer(JSON);
        for (int at = 0; at < bytes.length; at += chunk) {
            sniffer.feed(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk)));
        }
        return sniffer.usage();
    }
}
