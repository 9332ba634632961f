/**
 * JMX MBeans under {@code dev.ditto:type=...,name=...}, for the JMX consoles of app-server
 * teams: the gateway, its deployments and its request counts. {@link dev.ditto.ops.jmx.MBeans}
 * registers them on start and unregisters them on close (undeploy); a name that is taken is a
 * warning, never a failed start. Features that come later (limits, budgets, cache, keys)
 * register their own MBeans through the same helper.
 */
@NullMarked
package dev.ditto.ops.jmx;

import org.jspecify.annotations.NullMarked;
