package dev.ditto.provider.openai;

import dev.ditto.provider.openai.ChatRequestWire.ContentPart;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns the unified conversation into Chat Completions messages. Content the format cannot carry
 * (reasoning, media in assistant or tool messages, media by a source OpenAI cannot read, other
 * providers' items) is left out with a warning.
 *
 * <p>Metadata is read under the provider's own name first, then under {@code openai}: the
 * OpenAI Chat edge codec files what it decodes under {@code openai}.
 */
final class ChatMessageMapper {

    private final List<String> metadataKeys;
    private final List<Warning> warnings;

    ChatMessageMapper(String provider, List<Warning> warnings) {
        this.metadataKeys = provider.equals(OpenAiProvider.NAME) ? List.of(provider) : List.of(provider, OpenAiProvider.NAME);
        this.warnings = warnings;
    }

    List<ChatRequestWire.Message> map(List<Message> messages) {
        List<ChatRequestWire.Message> wire = new ArrayList<>();
        for (Message message : messages) {
            if (message instanceof SystemMessage system) {
                wire.add(system(system));
            } else if (message instanceof UserMessage user) {
                wire.add(user(user));
            } else if (message instanceof AssistantMessage assistant) {
                wire.add(assistant(assistant));
            } else if (message instanceof ToolMessage tool) {
                tool.results().forEach(result -> wire.add(toolResult(result)));
            }
        }
        return wire;
    }

    private ChatRequestWire.Message system(SystemMessage system) {
        String role = meta(system.providerMetadata(), "role").filter("developer"::equals).orElse("system");
        return new ChatRequestWire.Message(role, system.text(), meta(system.providerMetadata(), "name").orElse(null),
                null, null, null);
    }

    private ChatRequestWire.Message user(UserMessage user) {
        String name = meta(user.providerMetadata(), "name").orElse(null);
        if (user.content().size() == 1 && user.content().get(0) instanceof TextPart text) {
            return new ChatRequestWire.Message("user", text.text(), name, null, null, null);
        }
        List<ContentPart> parts = new ArrayList<>();
        for (dev.ditto.sdk.message.ContentPart part : user.content()) {
            ContentPart mapped = userPart(part);
            if (mapped != null) {
                parts.add(mapped);
            }
        }
        return new ChatRequestWire.Message("user", parts.isEmpty() ? "" : parts, name, null, null, null);
    }

    private @Nullable ContentPart userPart(dev.ditto.sdk.message.ContentPart part) {
        if (part instanceof TextPart text) {
            return new ChatRequestWire.Text(text.text());
        } else if (part instanceof ImagePart image) {
            return image(image);
        } else if (part instanceof AudioPart audio) {
            return audio(audio);
        } else if (part instanceof FilePart file) {
            return file(file);
        } else if (part instanceof ProviderPart provided) {
            return verbatim(provided);
        }
        return drop(part.getClass().getSimpleName(), "a user message cannot hold it");
    }

    private @Nullable ContentPart image(ImagePart image) {
        String detail = meta(image.providerMetadata(), "detail").orElse(null);
        if (image.source() instanceof MediaSource.Url url) {
            return new ChatRequestWire.ImageUrl(url.uri().toString(), detail);
        } else if (image.source() instanceof MediaSource.Data data && image.mediaType() != null) {
            return new ChatRequestWire.ImageUrl(DataUrls.format(image.mediaType(), data.base64()), detail);
        }
        return drop("image", "OpenAI Chat cannot reference an uploaded image file");
    }

    private @Nullable ContentPart audio(AudioPart audio) {
        String format = DataUrls.audioFormat(audio.mediaType());
        if (!(audio.source() instanceof MediaSource.Data data)) {
            return drop("audio", "OpenAI Chat takes audio input only as inline data");
        }
        if (format == null) {
            return drop("audio", "OpenAI Chat takes wav and mp3 audio, not " + audio.mediaType());
        }
        return new ChatRequestWire.InputAudio(data.base64(), format);
    }

    private @Nullable ContentPart file(FilePart file) {
        if (file.source() instanceof MediaSource.Data data) {
            String filename = file.filename() == null ? "file" : file.filename();
            return new ChatRequestWire.File(new ChatRequestWire.FileValue(
                    DataUrls.format(file.mediaType(), data.base64()), null, filename));
        } else if (file.source() instanceof MediaSource.FileId id) {
            return new ChatRequestWire.File(new ChatRequestWire.FileValue(null, id.fileId(), null));
        }
        return drop("file", "OpenAI Chat cannot download files by URL");
    }

    private @Nullable ContentPart verbatim(ProviderPart part) {
        if (!metadataKeys.contains(part.provider())) {
            return drop("providerPart", "a '" + part.type() + "' item of " + part.provider() + " means nothing here");
        }
        return new ChatRequestWire.Verbatim(part.value());
    }

    private ChatRequestWire.Message assistant(AssistantMessage assistant) {
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        List<ChatRequestWire.ToolCall> toolCalls = new ArrayList<>();
        ChatRequestWire.AudioRef audio = null;
        for (dev.ditto.sdk.message.ContentPart part : assistant.content()) {
            Optional<String> audioId = meta(part.providerMetadata(), "audioId");
            if (part instanceof TextPart t) {
                text.append(t.text());
                hasText = true;
            } else if (part instanceof ToolCallPart call) {
                toolCalls.add(new ChatRequestWire.ToolCall(call.toolCallId(), call.toolName(), call.arguments()));
            } else if (part instanceof AudioPart && audioId.isPresent()) {
                audio = new ChatRequestWire.AudioRef(audioId.get());
            } else if (part instanceof ReasoningPart) {
                drop("reasoning", "OpenAI Chat takes no reasoning back in assistant messages");
            } else {
                drop(part.getClass().getSimpleName(), "OpenAI Chat assistant messages hold text, tool calls and an "
                        + "audio id only");
            }
        }
        Object content = hasText || (toolCalls.isEmpty() && audio == null) ? text.toString() : null;
        return new ChatRequestWire.Message("assistant", content, meta(assistant.providerMetadata(), "name").orElse(null),
                toolCalls.isEmpty() ? null : toolCalls, null, audio);
    }

    private ChatRequestWire.Message toolResult(ToolResultPart result) {
        if (result.content().stream().anyMatch(part -> !(part instanceof TextPart))) {
            drop("toolResult", "OpenAI Chat tool messages hold text only; images and files of call '"
                    + result.toolCallId() + "' were left out");
        }
        return new ChatRequestWire.Message("tool", result.text(), null, null, result.toolCallId(), null);
    }

    private <T> @Nullable T drop(String content, String why) {
        warnings.add(new Warning(Warning.Type.UNSUPPORTED_CONTENT, content, why + "; it was not sent"));
        return null;
    }

    private Optional<String> meta(ProviderMetadata metadata, String field) {
        for (String key : metadataKeys) {
            Optional<String> value = metadata.string(key, field);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }
}
