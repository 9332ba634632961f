package dev.ditto.control.limits;

/** What admission does when the quota store cannot answer. Either way it logs and counts it. */
public enum FailurePolicy {
    /** Refuse the request with 503: no request passes unchecked; the default. */
    FAIL_CLOSED,
    /** Admit the request unchecked (nothing counted, nothing reserved; the cost is still reported). */
    FAIL_OPEN
}
