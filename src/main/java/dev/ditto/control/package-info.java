/**
 * Control-plane rules and the ports the data plane calls on every request: who is calling
 * ({@link dev.ditto.control.Authenticator}), may they (admission of limits and budget
 * reservations, {@link dev.ditto.control.Admission}), what it cost ({@link dev.ditto.control.Permit#settle})
 * and what is kept of it ({@link dev.ditto.control.RequestRecorder}). Plain Java: no servlet, JPA or
 * Redis types; the stores implement the ports.
 *
 * <p>The lifecycle of one request: authenticate, admit, route, call, settle (exactly once,
 * however the request ends), record.
 *
 * <p>What the control plane stores lives in sub-packages, each with its records and store
 * ports: {@code tenancy} (tenants, projects, users), {@code keys} (virtual keys and their
 * authenticator), {@code budget} (budgets, ledger, reservations), {@code limits},
 * {@code spend} and {@code audit}. This package holds what they share: {@link
 * dev.ditto.control.ControlStore} (every store and one unit of work across them), keyset
 * {@link dev.ditto.control.PageRequest pages}, {@link dev.ditto.control.Scope scopes}, exact
 * {@link dev.ditto.control.Money money}, ids and the store exceptions.
 */
@NullMarked
package dev.ditto.control;

import org.jspecify.annotations.NullMarked;
