package dev.ditto.control;

import org.jspecify.annotations.Nullable;

/**
 * What a request will cost at most, as far as the gateway can tell before calling upstream;
 * admission checks limits against it and reserves budget for it.
 *
 * @param requestId the gateway's request id
 * @param caller who is calling
 * @param route the route group, such as {@code /v1/chat/completions}
 * @param model the model group asked for; null on routes without one (files, batches)
 * @param estimatedInputTokens the prompt's token count, estimated
 * @param maxOutputTokens the most output the request allows, if it says
 * @param stream whether the client asked for a stream
 */
public record AdmissionRequest(String requestId, Caller caller, String route, @Nullable String model,
        long estimatedInputTokens, @Nullable Long maxOutputTokens, boolean stream) {}
