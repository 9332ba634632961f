package dev.ditto.control.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Budget periods start and end where an operator expects, in UTC, the same on every replica. */
class BudgetPeriodTest {

    @ParameterizedTest
    @CsvSource({
        "daily,   2025-03-10T17:45:00Z, 2025-03-10T00:00:00Z, 2025-03-11T00:00:00Z",
        "weekly,  2025-03-12T08:00:00Z, 2025-03-10T00:00:00Z, 2025-03-17T00:00:00Z",
        "weekly,  2025-03-10T00:00:00Z, 2025-03-10T00:00:00Z, 2025-03-17T00:00:00Z",
        "monthly, 2025-02-28T23:59:59Z, 2025-02-01T00:00:00Z, 2025-03-01T00:00:00Z",
        "monthly, 2024-12-31T12:00:00Z, 2024-12-01T00:00:00Z, 2025-01-01T00:00:00Z",
    })
    void calendarPeriods(String kind, Instant now, Instant start, Instant end) {
        BudgetPeriod period = switch (kind) {
            case "daily" -> BudgetPeriod.daily();
            case "weekly" -> BudgetPeriod.weekly();
            default -> BudgetPeriod.monthly();
        };

        assertThat(period.window(now)).isEqualTo(new BudgetPeriod.Window(start, end));
    }

    @Test
    void fixedPeriodsCountFromTheirAnchorBackwardsToo() {
        BudgetPeriod sixHours = BudgetPeriod.every(Duration.ofHours(6), Instant.parse("2025-03-10T03:00:00Z"));

        assertThat(sixHours.window(Instant.parse("2025-03-10T02:00:00Z"))).isEqualTo(new BudgetPeriod.Window(
                Instant.parse("2025-03-09T21:00:00Z"), Instant.parse("2025-03-10T03:00:00Z")));
        assertThat(sixHours.window(Instant.parse("2025-03-10T09:00:00Z")).start())
                .isEqualTo(Instant.parse("2025-03-10T09:00:00Z"));
    }

    @Test
    void monthsAnchoredOnThe31stClampToShortMonths() {
        BudgetPeriod monthly = BudgetPeriod.months(1, Instant.parse("2025-01-31T00:00:00Z"));

        assertThat(monthly.window(Instant.parse("2025-03-01T00:00:00Z"))).isEqualTo(new BudgetPeriod.Window(
                Instant.parse("2025-02-28T00:00:00Z"), Instant.parse("2025-03-31T00:00:00Z")));
        assertThat(monthly.window(Instant.parse("2025-02-27T00:00:00Z")).start())
                .isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
    }

    @Test
    void quarters() {
        BudgetPeriod quarterly = BudgetPeriod.months(3, Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(quarterly.window(Instant.parse("2025-05-20T00:00:00Z"))).isEqualTo(new BudgetPeriod.Window(
                Instant.parse("2025-04-01T00:00:00Z"), Instant.parse("2025-07-01T00:00:00Z")));
    }

    @Test
    void aLifetimeBudgetNeverEnds() {
        assertThat(BudgetPeriod.lifetime().window(Instant.parse("2025-03-10T00:00:00Z")).end()).isNull();
    }

    @Test
    void periodsShorterThanASecondAreRejected() {
        assertThatThrownBy(() -> BudgetPeriod.every(Duration.ofMillis(10), Instant.EPOCH))
                .hasMessageContaining("at least 1 s");
    }
}
