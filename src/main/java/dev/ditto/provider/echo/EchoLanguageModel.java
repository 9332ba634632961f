package dev.ditto.provider.echo;

import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.StreamPublishers;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The {@code ditto/echo} demo as an SDK {@link LanguageModel}: it answers with the last user
 * message, streamed word by word, and counts one token per word. It needs no key and makes no
 * call, which makes it the model to try the gateway and clients with. Not a real model.
 *
 * <p>Stateless and thread-safe.
 */
public final class EchoLanguageModel implements LanguageModel {

    private static final String TEXT_ID = "text-0";

    private final EchoModel echo = new EchoModel();
    private final String modelId;

    /**
     * Creates the model.
     *
     * @param modelId the id it reports, normally {@value EchoModel#MODEL}
     */
    public EchoLanguageModel(String modelId) {
        this.modelId = modelId;
    }

    @Override
    public String provider() {
        return EchoModel.PROVIDER;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public CompletableFuture<LanguageModelResult> generateAsync(LanguageModelRequest request) {
        EchoModel.EchoReply reply = reply(request);
        return CompletableFuture.completedFuture(LanguageModelResult.builder()
                .addContent(new TextPart(reply.text(), ProviderMetadata.empty()))
                .finishReason(finishReason(reply), reply.truncated() ? "length" : "stop")
                .usage(usage(reply))
                .modelId(modelId)
                .build());
    }

    @Override
    public Flow.Publisher<StreamPart> stream(LanguageModelRequest request) {
        EchoModel.EchoReply reply = reply(request);
        List<StreamPart> parts = new ArrayList<>();
        parts.add(new StreamPart.StreamStart(List.of(), null, modelId));
        parts.add(new StreamPart.TextStart(TEXT_ID, ProviderMetadata.empty()));
        for (String word : reply.words()) {
            parts.add(new StreamPart.TextDelta(TEXT_ID, word));
        }
        parts.add(new StreamPart.TextEnd(TEXT_ID, ProviderMetadata.empty()));
        parts.add(new StreamPart.Finish(usage(reply), finishReason(reply), reply.truncated() ? "length" : "stop",
                ProviderMetadata.empty()));
        return StreamPublishers.of(parts);
    }

    private EchoModel.EchoReply reply(LanguageModelRequest request) {
        List<String> texts = new ArrayList<>();
        String lastUser = "";
        for (Message message : request.messages()) {
            String text = text(message);
            texts.add(text);
            if (message instanceof UserMessage) {
                lastUser = text;
            }
        }
        return echo.reply(texts, lastUser, request.maxOutputTokens());
    }

    private static String text(Message message) {
        if (message instanceof SystemMessage system) {
            return system.text();
        }
        List<ContentPart> parts = List.of();
        if (message instanceof UserMessage user) {
            parts = user.content();
        } else if (message instanceof AssistantMessage assistant) {
            parts = assistant.content();
        }
        StringBuilder text = new StringBuilder();
        for (ContentPart part : parts) {
            if (part instanceof TextPart textPart) {
                text.append(text.length() == 0 ? "" : "\n").append(textPart.text());
            }
        }
        return text.toString();
    }

    private static FinishReason finishReason(EchoModel.EchoReply reply) {
        return reply.truncated() ? FinishReason.LENGTH : FinishReason.STOP;
    }

    private static Usage usage(EchoModel.EchoReply reply) {
        return Usage.builder()
                .inputTokens((long) reply.promptTokens())
                .outputTokens((long) reply.completionTokens())
                .build();
    }
}
