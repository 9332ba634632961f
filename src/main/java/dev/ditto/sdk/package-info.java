/**
 * The provider-neutral SDK: messages, requests, results, stream parts, models, errors and the
 * HTTP/SSE plumbing the provider adapters share. Depends on the JDK and Jackson only, so it can
 * be lifted into its own jar.
 */
@NullMarked
package dev.ditto.sdk;

import org.jspecify.annotations.NullMarked;
