/**
 * Prometheus metrics through Micrometer: {@link dev.ditto.ops.metrics.GatewayMetrics} owns the
 * registry (one per gateway, never the global one) and turns settled requests
 * ({@link dev.ditto.ops.metrics.MetricsRecorder}) and relay events into meters named in
 * {@link dev.ditto.ops.metrics.MetricNames}, optionally mirrored under LiteLLM's names. Label
 * values are bounded: model groups, routes and deployments come from the configuration, and
 * values outside it are capped.
 */
@NullMarked
package dev.ditto.ops.metrics;

import org.jspecify.annotations.NullMarked;
