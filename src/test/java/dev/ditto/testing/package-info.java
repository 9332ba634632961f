/**
 * Shared test helpers: {@link dev.ditto.testing.FakeUpstream}, a local HTTP server that plays a
 * provider API and replays the recorded fixtures as real HTTP and SSE, and
 * {@link dev.ditto.testing.FakeClock}, a wall clock and monotonic ticker that tests advance
 * instead of sleeping. Only test code belongs here; production code never depends on it.
 */
@NullMarked
package dev.ditto.testing;

import org.jspecify.annotations.NullMarked;
