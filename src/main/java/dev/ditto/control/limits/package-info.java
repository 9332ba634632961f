/**
 * Rate limits and budgets that hold across replicas: what applies to a request
 * ({@link dev.ditto.control.limits.QuotaResolver} resolves {@link dev.ditto.control.limits.Quota}s per
 * {@link dev.ditto.control.Scope}), the engine that admits or refuses it in one atomic step
 * and settles it afterwards ({@link dev.ditto.control.limits.GovernedAdmission}), and the port its
 * counters and ledgers live behind ({@link dev.ditto.control.limits.QuotaStore}: in memory for one
 * node, Redis for many). Plain Java: the stores are in {@code dev.ditto.store}.
 * Also the stored rate limit definitions per scope, model group and route group, and the
 * store port that keeps them ({@link dev.ditto.control.limits.LimitStore}).
 */
@NullMarked
package dev.ditto.control.limits;

import org.jspecify.annotations.NullMarked;
