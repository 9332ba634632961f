package dev.ditto.control;

/**
 * The ports the data plane calls on every request, as the composition root wired them.
 *
 * @param authenticator who is calling
 * @param admission limits and budget reservations
 * @param recorder what is kept of every settled request
 */
public record ControlPlane(Authenticator authenticator, Admission admission, RequestRecorder recorder) {

    /** How many settled requests the in-memory recorder keeps. */
    public static final int RECENT_REQUESTS = 1_000;

    /**
     * Returns the single-node defaults: the master key (or no auth), no limits, the last
     * {@value #RECENT_REQUESTS} requests kept in memory.
     *
     * @param masterKey the master key, or null
     * @return the control plane
     */
    public static ControlPlane inMemory(@org.jspecify.annotations.Nullable String masterKey) {
        return new ControlPlane(new MasterKeyAuthenticator(masterKey), Admission.unlimited(),
                new RecentRequests(RECENT_REQUESTS));
    }

    /**
     * Returns a copy that records to another recorder, such as {@link RequestRecorder#all} of
     * the current one and a metrics recorder.
     *
     * @param replacement the recorder
     * @return the copy
     */
    public ControlPlane withRecorder(RequestRecorder replacement) {
        return new ControlPlane(authenticator, admission, replacement);
    }
}
