/**
 * The composition root ({@link dev.ditto.GatewayAssembly}) and the web application listener
 * that runs it. Everything else is in the sub-packages; see ARCHITECTURE.md for their rules.
 */
@NullMarked
package dev.ditto;

import org.jspecify.annotations.NullMarked;
