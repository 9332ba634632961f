package dev.ditto.provider.openai;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Maps the future of an HTTP exchange without losing the ability to cancel the exchange. */
final class AsyncCalls {

    private AsyncCalls() {
    }

    /**
     * Returns a future of {@code mapper} applied to the exchange's result; cancelling it cancels
     * the exchange, and an exception thrown by the mapper fails it.
     */
    static <T, R> CompletableFuture<R> map(CompletableFuture<T> exchange, Function<? super T, ? extends R> mapper) {
        CompletableFuture<R> result = exchange.thenApply(mapper);
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }
}
