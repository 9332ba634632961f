package dev.ditto.control;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The recorder behind {@link RequestRecorder#all}: each record to every part, in order. */
final class AllRecorders implements RequestRecorder {

    private final List<RequestRecorder> parts;

    AllRecorders(List<RequestRecorder> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public void record(RequestRecord record) {
        RuntimeException failure = null;
        for (RequestRecorder part : parts) {
            try {
                part.record(record);
            } catch (RuntimeException e) {
                failure = collect(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException collect(@Nullable RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public <T extends RequestRecorder> Optional<T> unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return Optional.of(type.cast(this));
        }
        for (RequestRecorder part : parts) {
            Optional<T> found = part.unwrap(type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
