package dev.ditto.provider.openai.responses;

import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.SseStreamDecoder;
import dev.ditto.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Test helpers: run a decoder over payloads, collect a publisher, and assemble parts. */
final class StreamParts {

    private StreamParts() {
    }

    /**
     * Feeds payloads to a decoder the way {@code HttpTransport.streamParts} does: an exception
     * from the decoder becomes the last part, an {@link StreamPart.Error}.
     */
    static List<StreamPart> decode(SseStreamDecoder decoder, List<String> payloads) {
        List<StreamPart> parts = new ArrayList<>();
        try {
            for (String payload : payloads) {
                decoder.onEvent(new SseEvent(eventName(payload), payload, null, null), parts::add);
            }
            decoder.onEnd(parts::add);
        } catch (SdkException e) {
            parts.add(new StreamPart.Error(e));
        }
        return parts;
    }

    private static String eventName(String payload) {
        try {
            return Fixtures.eventType(payload);
        } catch (IllegalArgumentException e) {
            return "message";
        }
    }

    /** Subscribes, requests everything, and waits (generously) for the end. */
    static List<StreamPart> collect(Flow.Publisher<StreamPart> publisher) throws InterruptedException {
        List<StreamPart> parts = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> misuse = new AtomicReference<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamPart item) {
                parts.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                misuse.set(throwable);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("stream did not end within 30 s; parts so far: " + parts);
        }
        if (misuse.get() != null) {
            throw new AssertionError("onError is for protocol misuse only", misuse.get());
        }
        return List.copyOf(parts);
    }

    static String text(List<StreamPart> parts) {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(StreamPart.TextDelta.class::isInstance)
                .forEach(p -> text.append(((StreamPart.TextDelta) p).delta()));
        return text.toString();
    }

    static String reasoning(List<StreamPart> parts) {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(StreamPart.ReasoningDelta.class::isInstance)
                .forEach(p -> text.append(((StreamPart.ReasoningDelta) p).delta()));
        return text.toString();
    }

    static List<StreamPart.ToolCall> toolCalls(List<StreamPart> parts) {
        return parts.stream().filter(StreamPart.ToolCall.class::isInstance).map(StreamPart.ToolCall.class::cast).toList();
    }

    static <T extends StreamPart> List<T> ofType(List<StreamPart> parts, Class<T> type) {
        return parts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Checks that the parts form a well-formed stream: a start first, blocks opened before their
     * deltas and closed once, and a finish or an error last (or only an error).
     */
    static void assertWellFormed(List<StreamPart> parts) {
        if (parts.size() == 1 && parts.get(0) instanceof StreamPart.Error) {
            return; // failed before anything was decoded, as an HTTP error does
        }
        if (parts.isEmpty() || !(parts.get(0) instanceof StreamPart.StreamStart)) {
            throw new AssertionError("stream must begin with StreamStart: " + parts);
        }
        StreamPart last = parts.get(parts.size() - 1);
        if (!(last instanceof StreamPart.Finish || last instanceof StreamPart.Error)) {
            throw new AssertionError("stream must end with Finish or Error but ended with " + last);
        }
        Map<String, String> open = new LinkedHashMap<>();
        for (StreamPart part : parts.subList(1, parts.size() - 1)) {
            String[] key = blockKey(part);
            if (key == null) {
                continue;
            }
            String id = key[0] + ":" + key[1];
            switch (key[2]) {
                case "start" -> {
                    if (open.put(id, id) != null) {
                        throw new AssertionError("block opened twice: " + id);
                    }
                }
                case "delta" -> {
                    if (!open.containsKey(id)) {
                        throw new AssertionError("delta outside its block: " + part);
                    }
                }
                default -> {
                    if (open.remove(id) == null) {
                        throw new AssertionError("block closed but not open: " + part);
                    }
                }
            }
        }
        if (last instanceof StreamPart.Finish && !open.isEmpty()) {
            throw new AssertionError("blocks left open at finish: " + open.keySet());
        }
    }

    private static String[] blockKey(StreamPart part) {
        if (part instanceof StreamPart.TextStart p) {
            return new String[] {"text", p.id(), "start"};
        } else if (part instanceof StreamPart.TextDelta p) {
            return new String[] {"text", p.id(), "delta"};
        } else if (part instanceof StreamPart.TextEnd p) {
            return new String[] {"text", p.id(), "end"};
        } else if (part instanceof StreamPart.ReasoningStart p) {
            return new String[] {"reasoning", p.id(), "start"};
        } else if (part instanceof StreamPart.ReasoningDelta p) {
            return new String[] {"reasoning", p.id(), "delta"};
        } else if (part instanceof StreamPart.ReasoningEnd p) {
            return new String[] {"reasoning", p.id(), "end"};
        } else if (part instanceof StreamPart.ToolInputStart p) {
            return new String[] {"tool", p.id(), "start"};
        } else if (part instanceof StreamPart.ToolInputDelta p) {
            return new String[] {"tool", p.id(), "delta"};
        } else if (part instanceof StreamPart.ToolInputEnd p) {
            return new String[] {"tool", p.id(), "end"};
        }
        return null;
    }
}
