package dev.ditto.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpTransportConfigTest {

    @Test
    void defaultsFollowLiteLlmsTimeoutAndAreConsistent() {
        HttpTransportConfig config = HttpTransportConfig.ofDefaults();

        assertThat(config.totalTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(config.connectTimeout()).isLessThanOrEqualTo(config.firstByteTimeout());
        assertThat(config.maxLineBytes()).isLessThanOrEqualTo(config.maxEventBytes());
    }

    @Test
    void rejectsNonPositiveTimeoutsAtOnce() {
        assertThatThrownBy(() -> HttpTransportConfig.builder().idleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout must be positive but was PT0S");
    }

    @Test
    void rejectsAFirstByteTimeoutLongerThanTheTotal() {
        HttpTransportConfig.Builder builder = HttpTransportConfig.builder()
                .firstByteTimeout(Duration.ofSeconds(30)).totalTimeout(Duration.ofSeconds(20)).idleTimeout(Duration.ofSeconds(5));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("firstByteTimeout PT30S exceeds totalTimeout PT20S");
    }

    @Test
    void rejectsAnIdleTimeoutLongerThanTheTotal() {
        HttpTransportConfig.Builder builder = HttpTransportConfig.builder()
                .idleTimeout(Duration.ofMinutes(20)).totalTimeout(Duration.ofMinutes(10));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("idleTimeout PT20M exceeds totalTimeout PT10M");
    }

    @Test
    void rejectsAConnectTimeoutLongerThanAnExplicitTotal() {
        HttpTransportConfig.Builder builder = HttpTransportConfig.builder()
                .connectTimeout(Duration.ofSeconds(10)).totalTimeout(Duration.ofSeconds(5));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("connectTimeout PT10S exceeds totalTimeout PT5S");
    }

    @Test
    void lowersDefaultTimeoutsToAnExplicitTotal() {
        HttpTransportConfig config = HttpTransportConfig.builder().totalTimeout(Duration.ofSeconds(5)).build();

        assertThat(config.firstByteTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.totalTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void raisesTheDefaultTotalToAnExplicitLongerIdleTimeout() {
        HttpTransportConfig config = HttpTransportConfig.builder().idleTimeout(Duration.ofMinutes(20)).build();

        assertThat(config.totalTimeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(config.firstByteTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void rejectsALineCapAboveTheEventCap() {
        assertThatThrownBy(() -> HttpTransportConfig.builder().sseLimits(2048, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLineBytes 2048 must not exceed maxEventBytes 1024");
    }

    @Test
    void toBuilderCopiesEverySetting() {
        HttpTransportConfig config = HttpTransportConfig.builder().connectTimeout(Duration.ofSeconds(3))
                .sseLimits(100, 200).maxResponseBytes(300).build();

        HttpTransportConfig copy = config.toBuilder().build();

        assertThat(copy).hasToString(config.toString());
        assertThat(copy.maxEventBytes()).isEqualTo(200);
    }
}
