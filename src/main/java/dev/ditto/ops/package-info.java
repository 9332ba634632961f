/**
 * Operations: health checks ({@code health}), Prometheus metrics ({@code metrics}) and JMX
 * MBeans ({@code jmx}). This package itself holds the small hooks and ports the gateway calls
 * or implements ({@link dev.ditto.ops.RelayEvents}, {@link dev.ditto.ops.DeploymentHealth}), so
 * the gateway never depends on a metrics library. Only the composition root wires the
 * implementations to the parts they observe.
 */
@NullMarked
package dev.ditto.ops;

import org.jspecify.annotations.NullMarked;
