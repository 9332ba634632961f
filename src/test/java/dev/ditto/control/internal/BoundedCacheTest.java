package dev.ditto.control.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    private final FakeClock clock = FakeClock.ofDefaults();

    @Test
    void neverHoldsMoreThanItsSize() {
        BoundedCache<Integer> cache = new BoundedCache<>(100, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 10_000; i++) {
            cache.put("key-" + i, i);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100).isGreaterThan(50);
        assertThat(cache.get("key-9999")).isEqualTo(9999);
        assertThat(cache.get("key-0")).isNull();
    }

    @Test
    void anEntryExpiresAfterItsTtl() {
        BoundedCache<String> cache = new BoundedCache<>(10, Duration.ofSeconds(30), clock);
        cache.put("k", "v");

        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get("k")).isEqualTo("v");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k")).isNull();
        assertThat(cache.size()).isZero();
    }
}
