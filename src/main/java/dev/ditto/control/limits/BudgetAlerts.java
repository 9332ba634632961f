package dev.ditto.control.limits;

/**
 * Receives soft-budget alerts. Called on the settling thread, so implementations hand the alert
 * off and return; they must not throw (the engine logs and ignores it if they do). Thread-safe.
 */
@FunctionalInterface
public interface BudgetAlerts {

    /**
     * Handles one alert.
     *
     * @param alert the crossing
     */
    void softBudgetReached(BudgetAlert alert);

    /**
     * Returns the alerts that write a WARN line ({@code event=soft_budget_reached}) and nothing else.
     *
     * @return the logging alerts
     */
    static BudgetAlerts logging() {
        System.Logger log = System.getLogger(BudgetAlerts.class.getName());
        return alert -> log.log(System.Logger.Level.WARNING, () -> "event=soft_budget_reached scope=" + alert.scope().kind()
                .wireName() + ":" + alert.scope().id() + " spent_usd=" + alert.spentUsd().toPlainString()
                + " soft_budget_usd=" + (alert.budget().softUsd() == null ? "-" : alert.budget().softUsd().toPlainString())
                + " max_budget_usd=" + alert.budget().maxUsd().toPlainString() + " period_start=" + alert.periodStart()
                + " request_id=" + alert.requestId());
    }
}
