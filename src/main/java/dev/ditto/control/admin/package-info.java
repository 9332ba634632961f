/**
 * The admin operations of the control plane: create, read, change and delete tenants,
 * projects, users, keys, budgets and limits, and read ledgers, spend and the audit log, on
 * behalf of an {@link dev.ditto.control.AdminPrincipal}. Every operation checks the principal's
 * tenant and role first; every write appends its {@link dev.ditto.control.audit.AuditRecord}
 * (secrets left out) in the same transaction as the change, and a key change tells every
 * replica's key cache after the commit. The HTTP edge parses requests and renders answers;
 * the rules live here. Entry point: {@link dev.ditto.control.admin.Administration}.
 */
@NullMarked
package dev.ditto.control.admin;

import org.jspecify.annotations.NullMarked;
