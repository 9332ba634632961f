package dev.ditto.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ditto.provider.gemini.GeminiWire.Part;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderMetadata;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Small conversions shared by the request and response mappers: media sources to
 * {@code inlineData} / {@code fileData} parts, and thought signatures to and from
 * {@link ProviderMetadata}.
 */
final class GeminiMedia {

    /** The metadata field holding a part's thought signature. */
    static final String THOUGHT_SIGNATURE = "thoughtSignature";

    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "webp", "image/webp", "gif", "image/gif", "heic", "image/heic", "heif", "image/heif");

    private GeminiMedia() {
    }

    /**
     * Returns the part carrying some media: inline data as {@code inlineData}, a {@code data:}
     * URL decoded into {@code inlineData}, any other URL or an uploaded file id as
     * {@code fileData}.
     *
     * @param source where the bytes come from
     * @param mediaType the media type, or {@code null} for an image URL (guessed from its extension)
     * @return the part
     */
    static Part part(MediaSource source, @Nullable String mediaType) {
        if (source instanceof MediaSource.Data data) {
            return Part.inline(mediaType == null ? "application/octet-stream" : mediaType, data.base64());
        }
        if (source instanceof MediaSource.FileId file) {
            return Part.file(mediaType, file.fileId());
        }
        URI uri = ((MediaSource.Url) source).uri();
        String text = uri.toString();
        int comma = text.indexOf(',');
        if ("data".equalsIgnoreCase(uri.getScheme()) && comma > 0 && text.substring(0, comma).endsWith(";base64")) {
            String declared = text.substring(5, comma - ";base64".length());
            return Part.inline(declared.isEmpty() && mediaType != null ? mediaType : declared, text.substring(comma + 1));
        }
        return Part.file(mediaType != null ? mediaType : guessImageType(text), text);
    }

    private static @Nullable String guessImageType(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : IMAGE_TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Returns the Gemini thought signature in some metadata.
     *
     * @param metadata a part's metadata
     * @return the signature, or {@code null} when there is none
     */
    static @Nullable String signature(ProviderMetadata metadata) {
        Optional<String> own = metadata.string(GeminiOptions.KEY, THOUGHT_SIGNATURE);
        return own.or(() -> metadata.string(GeminiOptions.ALIAS, THOUGHT_SIGNATURE)).orElse(null);
    }

    /**
     * Returns whether metadata came from Gemini.
     *
     * @param metadata a part's metadata
     * @return {@code true} when it has values under the Gemini key or its alias
     */
    static boolean isGemini(ProviderMetadata metadata) {
        return metadata.providers().contains(GeminiOptions.KEY) || metadata.providers().contains(GeminiOptions.ALIAS);
    }

    /**
     * Returns metadata holding a thought signature.
     *
     * @param signature the signature, or {@code null}
     * @return the metadata, empty without a signature
     */
    static ProviderMetadata withSignature(@Nullable String signature) {
        return signature == null ? ProviderMetadata.empty()
                : ProviderMetadata.empty().with(GeminiOptions.KEY, THOUGHT_SIGNATURE, signature);
    }

    /**
     * Parses text as JSON, or keeps it as a JSON string when it is not JSON.
     *
     * @param text the text
     * @return the value
     */
    static JsonNode parseOrText(String text) {
        try {
            JsonNode value = GeminiWire.JSON.readTree(text);
            return value == null || value.isMissingNode() ? TextNode.valueOf(text) : value;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
