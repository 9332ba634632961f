package dev.ditto.ops.jmx;

import java.beans.ConstructorProperties;

/**
 * One deployment as JMX shows it (a composite value: JavaBean getters, as the MXBean mapping
 * needs). Immutable.
 */
public final class DeploymentView {

    private final String id;
    private final String modelName;
    private final String provider;
    private final String model;
    private final String state;
    private final long cooldownRemainingMillis;
    private final int requestsInWindow;
    private final int failuresInWindow;
    private final int inFlight;
    private final double latencyEwmaMillis;

    /**
     * Creates the view.
     *
     * @param id the deployment id
     * @param modelName the model group it serves
     * @param provider its provider
     * @param model its model id at the provider
     * @param state {@code healthy}, {@code half_open} or {@code cooling_down}
     * @param cooldownRemainingMillis until a probe may go; 0 unless cooling down
     * @param requestsInWindow attempts in the current minute
     * @param failuresInWindow failed attempts in the current minute
     * @param inFlight attempts under way
     * @param latencyEwmaMillis the moving average of its latency; NaN before the first sample
     */
    @ConstructorProperties({"id", "modelName", "provider", "model", "state", "cooldownRemainingMillis",
        "requestsInWindow", "failuresInWindow", "inFlight", "latencyEwmaMillis"})
    public DeploymentView(String id, String modelName, String provider, String model, String state,
            long cooldownRemainingMillis, int requestsInWindow, int failuresInWindow, int inFlight,
            double latencyEwmaMillis) {
        this.id = id;
        this.modelName = modelName;
        this.provider = provider;
        this.model = model;
        this.state = state;
        this.cooldownRemainingMillis = cooldownRemainingMillis;
        this.requestsInWindow = requestsInWindow;
        this.failuresInWindow = failuresInWindow;
        this.inFlight = inFlight;
        this.latencyEwmaMillis = latencyEwmaMillis;
    }

    /** @return the deployment id */
    public String getId() {
        return id;
    }

    /** @return the model group it serves */
    public String getModelName() {
        return modelName;
    }

    /** @return its provider */
    public String getProvider() {
        return provider;
    }

    /** @return its model id at the provider */
    public String getModel() {
        return model;
    }

    /** @return {@code healthy}, {@code half_open} or {@code cooling_down} */
    public String getState() {
        return state;
    }

    /** @return milliseconds until a probe may go; 0 unless cooling down */
    public long getCooldownRemainingMillis() {
        return cooldownRemainingMillis;
    }

    /** @return attempts in the current minute */
    public int getRequestsInWindow() {
        return requestsInWindow;
    }

    /** @return failed attempts in the current minute */
    public int getFailuresInWindow() {
        return failuresInWindow;
    }

    /** @return attempts under way */
    public int getInFlight() {
        return inFlight;
    }

    /** @return the moving average of its latency in milliseconds; NaN before the first sample */
    public double getLatencyEwmaMillis() {
        return latencyEwmaMillis;
    }
}
