/**
 * The embedded launcher: {@code java -jar ditto-gateway.war} parses its options, validates the
 * configuration and serves the same web application (the same web.xml) on embedded Jetty.
 */
@NullMarked
package dev.ditto.launcher;

import org.jspecify.annotations.NullMarked;
