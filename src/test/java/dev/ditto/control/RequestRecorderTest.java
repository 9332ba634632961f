package dev.ditto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.sdk.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RequestRecorder#all}: every recorder gets every record, whatever another one does. */
class RequestRecorderTest {

    private static RequestRecord record(String id, Outcome.Status status) {
        return new RequestRecord(id, Instant.EPOCH, Caller.anonymous(), "/v1/chat/completions", "gpt",
                new Outcome(status, 200, "primary", "openai", "gpt-4o", Usage.empty(), Duration.ofMillis(5), null, 1),
                null);
    }

    @Test
    void handsEveryRecordToEachRecorderInOrder() {
        List<String> seen = new ArrayList<>();
        RequestRecorder all = RequestRecorder.all(r -> seen.add("a:" + r.requestId()), r -> seen.add("b:" + r.requestId()));

        all.record(record("1", Outcome.Status.OK));
        all.record(record("2", Outcome.Status.OK));

        assertThat(seen).containsExactly("a:1", "b:1", "a:2", "b:2");
    }

    @Test
    void aFailingRecorderKeepsNoRecordFromTheOthersAndItsFailureIsRethrown() {
        RecentRequests recent = new RecentRequests(10);
        RuntimeException boom = new IllegalStateException("boom");
        RequestRecorder all = RequestRecorder.all(r -> {
            throw boom;
        }, recent);

        assertThatThrownBy(() -> all.record(record("1", Outcome.Status.OK))).isSameAs(boom);
        assertThat(recent.count()).isEqualTo(1);
    }

    @Test
    void unwrapFindsAPartByType() {
        RecentRequests recent = new RecentRequests(10);
        RequestRecorder all = RequestRecorder.all(r -> { }, RequestRecorder.all(recent));

        assertThat(all.unwrap(RecentRequests.class)).containsSame(recent);
        assertThat(recent.unwrap(RecentRequests.class)).containsSame(recent);
        assertThat(RequestRecorder.all(r -> { }).unwrap(RecentRequests.class)).isEmpty();
    }

    @Test
    void recentRequestsCountEveryOutcomeBeyondTheRing() {
        RecentRequests recent = new RecentRequests(1);

        recent.record(record("1", Outcome.Status.OK));
        recent.record(record("2", Outcome.Status.OK));
        recent.record(record("3", Outcome.Status.CLIENT_GONE));

        assertThat(recent.snapshot()).hasSize(1);
        assertThat(recent.countsByStatus()).containsEntry(Outcome.Status.OK, 2L)
                .containsEntry(Outcome.Status.CLIENT_GONE, 1L).containsEntry(Outcome.Status.GATEWAY_ERROR, 0L);
    }
}
