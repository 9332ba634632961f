/**
 * Control-plane rules and the ports the data plane calls on every request: who is calling
 * ({@link dev.ditto.control.Authenticator}), may they (admission of limits and budget
 * reservations, {@link dev.ditto.control.Admission}), what it cost ({@link dev.ditto.control.Permit#settle})
 * and what is kept of it ({@link dev.ditto.control.RequestRecorder}). Plain Java: no servlet, JPA or
 * Redis types; the stores implement the ports.
 *
 * <p>The lifecycle of one request: authenticate, admit, route, call, settle (exactly once,
 * however the request ends), record.
 */
@NullMarked
package dev.ditto.control;

import org.jspecify.annotations.NullMarked;
