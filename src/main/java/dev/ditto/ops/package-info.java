/**
 * Operations: health checks, and later metrics and JMX. Only the composition root wires
 * these to the parts they observe.
 */
@NullMarked
package dev.ditto.ops;

import org.jspecify.annotations.NullMarked;
