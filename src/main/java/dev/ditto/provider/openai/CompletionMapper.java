package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.UserMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps unified requests to legacy completion bodies and back. The conversation becomes one text
 * prompt: system text first, then a single user message as is, or a {@code user:} /
 * {@code assistant:} transcript ending with {@code assistant:}. Everything chat-only (tools,
 * response format, reasoning effort, non-text content) is left out with a warning. Stateless.
 */
final class CompletionMapper {

    private CompletionMapper() {
    }

    static ChatRequestMapper.Mapped map(LanguageModelRequest request, String modelId, OpenAiClient client, boolean stream) {
        List<Warning> warnings = new ArrayList<>();
        String prompt = prompt(request.messages(), warnings);
        unsupported(request, warnings);
        CompletionWire.Request wire = new CompletionWire.Request(modelId, prompt, request.maxOutputTokens(),
                request.temperature(), request.topP(), request.stopSequences().isEmpty() ? null : request.stopSequences(),
                request.seed(), request.presencePenalty(), request.frequencyPenalty(), request.user(),
                stream ? Boolean.TRUE : null,
                stream && client.dialect().streamUsage() ? new ChatRequestWire.StreamOptions(true) : null);
        ObjectNode body = WireJson.tree(wire);
        client.mergeOptions(body, request::providerOptions, warnings);
        return new ChatRequestMapper.Mapped(body, warnings);
    }

    static LanguageModelResult result(CompletionWire.Completion completion, List<Warning> warnings, OpenAiClient client,
            ErrorDetails details) {
        if (completion.error() != null && !completion.error().isNull()) {
            throw OpenAiErrorMapper.ofDefaults().mapStreamError(completion.error(), details);
        }
        LanguageModelResult.Builder result = LanguageModelResult.builder()
                .responseId(completion.id())
                .modelId(completion.model())
                .createdAt(completion.created() == null ? null : Instant.ofEpochSecond(completion.created()))
                .usage(ChatUsage.toUnified(completion.usage(), client.dialect()));
        warnings.forEach(result::addWarning);
        CompletionWire.Choice choice = completion.firstChoice();
        if (choice == null) {
            return result.finishReason(FinishReason.OTHER, null).build();
        }
        if (choice.text() != null && !choice.text().isEmpty()) {
            result.addContent(TextPart.of(choice.text()));
        }
        if (WireJson.present(choice.logprobs())) {
            result.providerMetadata(ProviderMetadata.empty().with(client.provider(), "logprobs", choice.logprobs()));
        }
        return result.finishReason(ChatFinishReasons.toUnified(choice.finishReason()), choice.finishReason()).build();
    }

    private static String prompt(List<Message> messages, List<Warning> warnings) {
        StringBuilder system = new StringBuilder();
        List<Message> turns = new ArrayList<>();
        for (Message message : messages) {
            if (message instanceof SystemMessage s && turns.isEmpty()) {
                system.append(s.text()).append("\n\n");
            } else {
                turns.add(message);
            }
        }
        if (turns.size() == 1 && turns.get(0) instanceof UserMessage user) {
            return system + text(user.content(), warnings);
        }
        StringBuilder transcript = new StringBuilder(system);
        for (Message turn : turns) {
            if (turn instanceof UserMessage user) {
                transcript.append("user:\n").append(text(user.content(), warnings)).append("\n\n");
            } else if (turn instanceof AssistantMessage assistant) {
                transcript.append("assistant:\n").append(text(assistant.content(), warnings)).append("\n\n");
            } else if (turn instanceof SystemMessage s) {
                transcript.append(s.text()).append("\n\n");
            } else {
                warnings.add(new Warning(Warning.Type.UNSUPPORTED_CONTENT, "toolResult",
                        "text completions have no tool messages; one was left out"));
            }
        }
        return transcript.append("assistant:\n").toString();
    }

    private static String text(List<ContentPart> parts, List<Warning> warnings) {
        StringBuilder text = new StringBuilder();
        for (ContentPart part : parts) {
            if (part instanceof TextPart t) {
                text.append(t.text());
            } else {
                warnings.add(new Warning(Warning.Type.UNSUPPORTED_CONTENT, part.getClass().getSimpleName(),
                        "text completions take text only; a " + part.getClass().getSimpleName() + " was left out"));
            }
        }
        return text.toString();
    }

    private static void unsupported(LanguageModelRequest request, List<Warning> warnings) {
        warnIf(!request.tools().isEmpty() || request.toolChoice() != null, "tools", warnings);
        warnIf(request.responseFormat() != null, "responseFormat", warnings);
        warnIf(request.reasoningEffort() != null, "reasoningEffort", warnings);
        warnIf(request.reasoningBudgetTokens() != null, "reasoningBudgetTokens", warnings);
        warnIf(request.topK() != null, "topK", warnings);
        warnIf(request.parallelToolCalls() != null, "parallelToolCalls", warnings);
        warnIf(!request.metadata().isEmpty(), "metadata", warnings);
    }

    private static void warnIf(boolean set, String setting, List<Warning> warnings) {
        if (set) {
            warnings.add(Warning.unsupportedSetting(setting, "text completions have no '" + setting + "'; it was not sent"));
        }
    }
}
