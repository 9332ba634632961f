/** Servlet filters that run before any resource: request ids and the request body limit. */
@NullMarked
package dev.ditto.gateway.filter;

import org.jspecify.annotations.NullMarked;
