/** The JDK-only bootstrap at the root of the WAR that unpacks it and starts the launcher. */
@NullMarked
package dev.ditto.launcher.boot;

import org.jspecify.annotations.NullMarked;
