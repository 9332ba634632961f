/** Jakarta REST resources for the OpenAI-compatible API, health and errors. */
@NullMarked
package dev.ditto.gateway.api;

import org.jspecify.annotations.NullMarked;
