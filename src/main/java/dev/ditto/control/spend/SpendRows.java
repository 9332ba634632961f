package dev.ditto.control.spend;

import dev.ditto.control.Caller;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.Money;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.control.Scope;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.sdk.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one settled request becomes in the database: its spend-log row, and the increments of the
 * ledger rows of every scope of its caller (key, user, project, tenant) for the UTC day it
 * started on. Stateless.
 */
final class SpendRows {

    /** The widest text the spend log's route, model and deployment columns hold. */
    static final int TEXT_COLUMN = 255;

    private SpendRows() {}

    static SpendLogEntry entry(RequestRecord record, IdGenerator ids) {
        Caller caller = record.caller();
        Outcome outcome = record.outcome();
        Usage usage = outcome.usage();
        return SpendLogEntry.builder(ids.next(IdGenerator.SPEND, record.startedAt().toEpochMilli()), record.requestId(),
                        caller.keyId(), record.startedAt())
                .owners(caller.userId(), caller.projectId(), caller.tenantId())
                .target(fit(record.route()), fitNullable(record.model()), fitNullable(outcome.deploymentId()))
                .tokens(orZero(usage.input().total()), orZero(usage.output().total()), orZero(usage.input().cacheRead()),
                        orZero(usage.output().reasoning()))
                .cost(record.cost())
                .latencyMs(Math.max(0, outcome.latency().toMillis()))
                .status(outcome.status().name(), outcome.httpStatus())
                .cacheHit(false)
                .build();
    }

    /**
     * Adds the ledger increments of one spend-log row: one per scope of its caller, in the row of
     * the UTC day the request started on.
     */
    static void ledger(SpendLogEntry entry, Instant updatedAt, List<LedgerEntry> out) {
        Instant day = entry.startedAt().truncatedTo(ChronoUnit.DAYS);
        BigDecimal spend = entry.cost() == null ? Money.ZERO : entry.cost();
        for (Scope scope : scopes(entry)) {
            out.add(new LedgerEntry(scope, entry.tenantId(), day, spend, entry.inputTokens(), entry.outputTokens(), 1,
                    updatedAt));
        }
    }

    private static List<Scope> scopes(SpendLogEntry entry) {
        List<Scope> scopes = new ArrayList<>(4);
        scopes.add(Scope.key(entry.keyId()));
        if (present(entry.userId())) {
            scopes.add(Scope.user(entry.userId()));
        }
        if (present(entry.projectId())) {
            scopes.add(Scope.project(entry.projectId()));
        }
        if (present(entry.tenantId())) {
            scopes.add(Scope.tenant(entry.tenantId()));
        }
        return scopes;
    }

    private static boolean present(@Nullable String id) {
        return id != null && !id.isBlank();
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0 : Math.max(0, value);
    }

    private static String fit(String text) {
        return text.length() <= TEXT_COLUMN ? text : text.substring(0, TEXT_COLUMN);
    }

    private static @Nullable String fitNullable(@Nullable String text) {
        return text == null ? null : fit(text);
    }
}
