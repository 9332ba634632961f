package dev.ditto.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeClockTest {

    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void startsAtGivenInstantInUtc() {
        FakeClock clock = FakeClock.of(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.read()).isEqualTo(FakeClock.TICKER_START);
    }

    @Test
    void defaultsStartAtDocumentedInstant() {
        assertThat(FakeClock.ofDefaults().instant()).isEqualTo(FakeClock.DEFAULT_START);
    }

    @Test
    void advanceMovesWallAndTickerTogether() {
        FakeClock clock = FakeClock.of(START);
        Ticker ticker = clock;

        clock.advance(Duration.ofMillis(1500)).advance(Duration.ofNanos(7));

        assertThat(clock.instant()).isEqualTo(START.plusMillis(1500).plusNanos(7));
        assertThat(ticker.read() - FakeClock.TICKER_START).isEqualTo(1_500_000_007L);
    }

    @Test
    void doesNotMoveOnItsOwn() {
        FakeClock clock = FakeClock.of(START);
        long before = clock.read();

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.read()).isEqualTo(before);
    }

    @Test
    void rejectsNegativeAdvance() {
        FakeClock clock = FakeClock.of(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void setMovesWallTimeOnlyAndTickerNeverGoesBack() {
        FakeClock clock = FakeClock.of(START);
        clock.advance(Duration.ofSeconds(10));
        long ticker = clock.read();

        clock.set(START.minusSeconds(3600));

        assertThat(clock.instant()).isEqualTo(START.minusSeconds(3600));
        assertThat(clock.read()).isEqualTo(ticker);
    }

    @Test
    void withZoneSharesReadings() {
        FakeClock utc = FakeClock.of(START);
        FakeClock paris = utc.withZone(ZoneId.of("Europe/Paris"));

        utc.advance(Duration.ofMinutes(5));

        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(START.plusSeconds(300));
        assertThat(paris.read()).isEqualTo(utc.read());
    }

    @Test
    void concurrentAdvancesAreNotLost() throws Exception {
        FakeClock clock = FakeClock.of(START);
        int threads = 4;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        clock.advance(Duration.ofNanos(1));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long total = (long) threads * perThread;
        assertThat(clock.read()).isEqualTo(FakeClock.TICKER_START + total);
        assertThat(clock.instant()).isEqualTo(START.plusNanos(total));
    }
}
