/**
 * Who owns what: tenants, their projects (LiteLLM's teams) and users, and the store ports
 * that keep them. Keys ({@link dev.ditto.control.keys}) belong to a tenant, a project and a
 * user; budgets and limits can be set at each of these scopes.
 */
@NullMarked
package dev.ditto.control.tenancy;

import org.jspecify.annotations.NullMarked;
