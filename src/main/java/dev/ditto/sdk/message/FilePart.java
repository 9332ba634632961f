package dev.ditto.sdk.message;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A document such as a PDF, by URL, inline bytes or provider file id.
 *
 * @param source where the file bytes come from
 * @param mediaType the IANA media type such as {@code application/pdf}
 * @param filename the file name shown to the model, or {@code null}
 * @param providerMetadata provider-specific values such as Anthropic citations settings
 */
public record FilePart(
        MediaSource source, String mediaType, @Nullable String filename, ProviderMetadata providerMetadata)
        implements ContentPart {

    /**
     * Validates the fields.
     *
     * @param source where the file bytes come from
     * @param mediaType the IANA media type such as {@code application/pdf}
     * @param filename the file name shown to the model, or {@code null}
     * @param providerMetadata provider-specific values such as Anthropic citations settings
     * @throws IllegalArgumentException if {@code mediaType} is blank
     */
    public FilePart {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        if (mediaType.isBlank()) {
            throw new IllegalArgumentException("file mediaType must not be blank");
        }
    }

    /**
     * Returns an inline file.
     *
     * @param bytes the file bytes
     * @param mediaType the media type such as {@code application/pdf}
     * @param filename the file name, or {@code null}
     * @return the part
     * @throws IllegalArgumentException if {@code mediaType} is blank
     */
    public static FilePart ofBytes(byte[] bytes, String mediaType, @Nullable String filename) {
        return new FilePart(MediaSource.ofBytes(bytes), mediaType, filename, ProviderMetadata.empty());
    }

    /**
     * Returns a file the provider downloads.
     *
     * @param url the absolute file URL
     * @param mediaType the media type
     * @return the part
     * @throws IllegalArgumentException if {@code url} is not absolute or {@code mediaType} blank
     */
    public static FilePart ofUrl(String url, String mediaType) {
        return new FilePart(MediaSource.ofUrl(url), mediaType, null, ProviderMetadata.empty());
    }
}
