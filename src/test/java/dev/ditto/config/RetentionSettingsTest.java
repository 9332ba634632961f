package dev.ditto.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ditto.retention}: defaults, durations, {@code never}, and errors with the field's path. */
class RetentionSettingsTest {

    private static final String MODELS = "model_list: [{model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}}]\n";

    private static GatewaySettings load(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).load(new ConfigSource("test", MODELS + yaml));
    }

    @Test
    void defaultsKeepSpendLogs90DaysAndAudit400DaysPurgingHourly() {
        assertThat(load("").ditto().retention()).isEqualTo(new RetentionSettings(Duration.ofDays(90),
                Duration.ofDays(400), Duration.ofHours(1), 1000));
        assertThat(RetentionSettings.ofDefaults()).isEqualTo(load("").ditto().retention());
    }

    @Test
    void readsDurationsAndNever() {
        RetentionSettings settings = load("""
                ditto:
                  retention: {spend_logs: 2w, audit: never, interval: 30m, batch_size: 500}
                """).ditto().retention();

        assertThat(settings).isEqualTo(new RetentionSettings(Duration.ofDays(14), null, Duration.ofMinutes(30), 500));
    }

    @Test
    void badValuesNameTheirPath() {
        List<ConfigProblem> problems = catchThrowableOfType(InvalidConfigException.class, () -> load("""
                ditto:
                  retention: {spend_logs: 3 months, batch_size: 0, audti: 1d}
                """)).problems();

        assertThat(problems).extracting(ConfigProblem::path).contains("ditto.retention.spend_logs",
                "ditto.retention.batch_size", "ditto.retention.audti");
        assertThat(problems.toString()).contains("90d, 12h, 30m, 2w or 'never'");
    }
}
