package dev.ditto.control;

/**
 * What an administrator may do. Global roles see and change every tenant; tenant roles only
 * their own tenant. Viewers only read.
 */
public enum AdminRole {
    /** Everything, every tenant (the master key, {@code ditto-admin}). */
    GLOBAL_ADMIN(true, true),
    /** Read everything, every tenant ({@code ditto-viewer}). */
    GLOBAL_VIEWER(true, false),
    /** Everything within one tenant ({@code ditto-tenant-admin}). */
    TENANT_ADMIN(false, true),
    /** Read within one tenant ({@code ditto-tenant-viewer}). */
    TENANT_VIEWER(false, false);

    private final boolean global;
    private final boolean writer;

    AdminRole(boolean global, boolean writer) {
        this.global = global;
        this.writer = writer;
    }

    /** @return whether the role spans every tenant */
    public boolean isGlobal() {
        return global;
    }

    /** @return whether the role may change things */
    public boolean canWrite() {
        return writer;
    }
}
