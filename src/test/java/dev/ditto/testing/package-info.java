/**
 * Shared test helpers. Only test code belongs here; production code never depends on it.
 *
 * <ul>
 *   <li>{@link dev.ditto.testing.FakeUpstream}: a local HTTP server that plays a provider API.
 *       Tests program {@link dev.ditto.testing.Route routes} with
 *       {@link dev.ditto.testing.Reply replies} (recorded fixtures, literal JSON or SSE, errors,
 *       delays, slow drip, gates, abrupt cuts, hangs), then inspect
 *       {@link dev.ditto.testing.CapturedRequest requests} and follow each
 *       {@link dev.ditto.testing.Exchange exchange}, including client disconnects.</li>
 *   <li>{@link dev.ditto.testing.Fixtures} and {@link dev.ditto.testing.Framing}: the recorded
 *       provider responses under {@code shared/fixtures/recorded} and their wire framing.</li>
 *   <li>{@link dev.ditto.testing.OpenAiJavaClient} and {@link dev.ditto.testing.AnthropicJavaClient}:
 *       the real openai-java and anthropic-java clients reading what an edge codec wrote, served
 *       from their own fake upstream.</li>
 *   <li>{@link dev.ditto.testing.FakeClock}: a wall clock and monotonic ticker that tests
 *       advance instead of sleeping.</li>
 * </ul>
 */
@NullMarked
package dev.ditto.testing;

import org.jspecify.annotations.NullMarked;
