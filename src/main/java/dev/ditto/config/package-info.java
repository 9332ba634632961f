/**
 * Startup configuration: the settings records, the loader that reads a LiteLLM-compatible
 * {@code config.yaml} into them with path-precise errors, the locator that finds the file, and
 * {@link dev.ditto.config.Secret} for values that must never be logged.
 */
@NullMarked
package dev.ditto.config;

import org.jspecify.annotations.NullMarked;
