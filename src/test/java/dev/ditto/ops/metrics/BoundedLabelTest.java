package dev.ditto.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Label values stay bounded whatever clients send. */
class BoundedLabelTest {

    @Test
    void knownValuesAlwaysPassAndOthersOnlyUpToTheCap() {
        BoundedLabel models = new BoundedLabel(List.of("gpt", "claude"), 2);

        assertThat(models.of("openai/a")).isEqualTo("openai/a");
        assertThat(models.of("openai/b")).isEqualTo("openai/b");
        assertThat(models.of("openai/c")).isEqualTo(MetricNames.OTHER);
        assertThat(models.of("openai/a")).as("a value that got in stays in").isEqualTo("openai/a");
        assertThat(models.of("gpt")).isEqualTo("gpt");
        assertThat(models.of(null)).isEqualTo(MetricNames.NONE);
        assertThat(models.of("x".repeat(201))).isEqualTo(MetricNames.OTHER);
    }

    @Test
    void apiBaseLosesCredentialsAndQuery() {
        assertThat(Labels.apiBase(java.net.URI.create("https://user:pw@example.com:8443/v1beta?key=secret#x")))
                .isEqualTo("https://example.com:8443/v1beta");
    }
}
