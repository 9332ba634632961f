package dev.ditto.control.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.StoreUnavailableException;
import dev.ditto.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The asynchronous audit writer: sampling, batching, its bounds, retries and closing. */
class AsyncAuditLogTest {

    private final FakeClock clock = FakeClock.ofDefaults();

    /** Keeps batches; can be made to block or fail. */
    private static final class RecordingStore implements AuditStore {
        final List<List<AuditRecord>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger failures = new AtomicInteger();
        volatile boolean block;

        @Override
        public List<AuditRecord> appendAll(List<AuditRecord> records) {
            entered.countDown();
            if (block) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failures.getAndDecrement() > 0) {
                throw new StoreUnavailableException("the database failed", null);
            }
            batches.add(List.copyOf(records));
            return records;
        }

        @Override
        public AuditRecord append(AuditRecord record) {
            return appendAll(List.of(record)).get(0);
        }

        @Override
        public Optional<AuditRecord> get(String id) {
            return Optional.empty();
        }

        @Override
        public Page<AuditRecord> list(AuditFilter filter, PageRequest page) {
            return new Page<>(List.of(), null, page.limit());
        }

        int written() {
            return batches.stream().mapToInt(List::size).sum();
        }
    }

    private static SecurityEvent rejected() {
        return SecurityEvent.of(SecurityEvent.KEY_REJECTED, "anonymous", null, "route", "/v1/chat/completions",
                Map.of("status", "401"));
    }

    @Test
    void keepsAtMostTheRatePerActionAndSaysHowManyWereLeftOut() {
        RecordingStore store = new RecordingStore();
        AsyncAuditLog log = new AsyncAuditLog(store, new AsyncAuditLog.Settings(100, 50, 10), clock, clock);
        for (int i = 0; i < 25; i++) {
            log.security(rejected());
        }
        log.security(SecurityEvent.of(SecurityEvent.ADMISSION_DENIED, "key_1", "ten_a", "route", "/v1/chat/completions",
                Map.of()));
        clock.advance(Duration.ofSeconds(1));
        log.security(rejected());
        log.close();

        List<AuditRecord> written = store.batches.stream().flatMap(List::stream).toList();
        assertThat(written).hasSize(12);
        assertThat(written).filteredOn(r -> r.action().equals(SecurityEvent.KEY_REJECTED)).hasSize(11);
        assertThat(written.get(11).after()).isEqualTo("{\"status\":\"401\",\"suppressed\":\"15\"}");
        assertThat(written).filteredOn(r -> r.action().equals(SecurityEvent.ADMISSION_DENIED)).singleElement()
                .satisfies(r -> assertThat(r.tenantId()).isEqualTo("ten_a"));
        assertThat(log.stats().suppressed()).isEqualTo(15);
        assertThat(log.stats().written()).isEqualTo(12);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingTheCaller() throws Exception {
        RecordingStore store = new RecordingStore();
        store.block = true;
        AsyncAuditLog log = new AsyncAuditLog(store, new AsyncAuditLog.Settings(3, 1, 1000), clock, clock);
        log.security(rejected());
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            log.security(rejected());
        }

        assertThat(log.stats().queued()).isEqualTo(3);
        assertThat(log.stats().dropped()).isEqualTo(7);
        store.release.countDown();
        log.close();
        assertThat(store.written()).isEqualTo(4);
    }

    @Test
    void retriesABatchTheStoreRefusedAndWritesItOnce() {
        RecordingStore store = new RecordingStore();
        store.failures.set(1);
        AsyncAuditLog log = new AsyncAuditLog(store, AsyncAuditLog.Settings.ofDefaults(), clock, clock);
        log.security(rejected());
        log.close();

        assertThat(store.written()).isEqualTo(1);
        assertThat(log.stats().dropped()).isZero();
    }

    @Test
    void severalWritersKeepTheOrderOfEachChain() {
        RecordingStore store = new RecordingStore();
        AsyncAuditLog log = new AsyncAuditLog(store, new AsyncAuditLog.Settings(10_000, 7, 100_000, 3), clock, clock);
        for (int i = 0; i < 900; i++) {
            log.append(AuditRecord.builder("aud_" + i, clock.instant()).action("key.update", "key", null)
                    .tenantId(i % 4 == 0 ? null : "ten_" + (i % 4)).build());
        }
        log.close();

        List<AuditRecord> written = store.batches.stream().flatMap(List::stream).toList();
        assertThat(written).hasSize(900);
        for (String tenant : new String[] {null, "ten_1", "ten_2", "ten_3"}) {
            List<Integer> order = written.stream().filter(r -> java.util.Objects.equals(r.tenantId(), tenant))
                    .map(r -> Integer.parseInt(r.id().substring(4))).toList();
            assertThat(order).hasSize(225).isSorted();
        }
        assertThat(store.batches).allSatisfy(batch -> assertThat(batch).extracting(AuditRecord::tenantId)
                .allSatisfy(tenant -> assertThat(Math.floorMod(AuditChain.chainOf(tenant).hashCode(), 3))
                        .isEqualTo(Math.floorMod(AuditChain.chainOf(batch.get(0).tenantId()).hashCode(), 3))));
    }

    @Test
    void closeWritesWhatIsQueuedAndRefusesMore() {
        RecordingStore store = new RecordingStore();
        AsyncAuditLog log = new AsyncAuditLog(store, new AsyncAuditLog.Settings(10_000, 100, 100_000), clock, clock);
        for (int i = 0; i < 1_000; i++) {
            log.security(rejected());
        }
        log.close();
        log.security(rejected());

        assertThat(store.written()).isEqualTo(1_000);
        assertThat(store.batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(100));
        assertThat(log.stats().dropped()).isEqualTo(1);
    }
}
