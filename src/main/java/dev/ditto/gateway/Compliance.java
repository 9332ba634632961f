package dev.ditto.gateway;

import dev.ditto.control.ControlStore;
import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.retention.RetentionPurger;

/**
 * What the HTTP edge needs for the audit log, the exports and retention, as the composition
 * root wired it. Immutable.
 *
 * @param audit where security events are reported (queued, never blocking a request)
 * @param store the stores the exports read
 * @param retention the purge that {@code POST /admin/retention/purge} runs
 */
public record Compliance(AuditLog audit, ControlStore store, RetentionPurger retention) {}
