/** Readiness checks of the services the gateway depends on, run with a deadline and cached briefly. */
@NullMarked
package dev.ditto.ops.health;

import org.jspecify.annotations.NullMarked;
