/**
 * HTTP plumbing shared by the provider adapters: the {@link dev.ditto.sdk.http.HttpTransport} over
 * {@code java.net.http.HttpClient} with connect, first-byte, idle and total timeouts and
 * cancellation, the incremental {@link dev.ditto.sdk.http.SseParser}, and the
 * {@link dev.ditto.sdk.http.HttpStatusErrorMapper} that turns upstream error answers into SDK
 * exceptions. Implementations are package-private.
 */
@NullMarked
package dev.ditto.sdk.http;

import org.jspecify.annotations.NullMarked;
