package dev.ditto.sdk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/** Waits for the asynchronous calls behind the blocking convenience methods. */
final class Futures {

    private Futures() {
    }

    /**
     * Waits for the future and rethrows its failure unwrapped; an interrupt cancels the call.
     *
     * @throws SdkException the call's own failure
     * @throws RequestInterruptedException if the thread is interrupted while waiting
     */
    static <T> T join(CompletableFuture<T> future, @Nullable String provider, @Nullable String model) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RequestInterruptedException(
                    "interrupted while waiting for the provider; the call was cancelled",
                    ErrorDetails.of(provider, model), e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(@Nullable Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof java.lang.Error error) {
            throw error;
        }
        // A checked exception here is an adapter bug; keep it visible rather than guess a type.
        return new CompletionException(cause);
    }
}
