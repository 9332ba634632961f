package dev.ditto.sdk.message;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An image, by URL, inline bytes or provider file id.
 *
 * @param source where the image bytes come from
 * @param mediaType the IANA media type such as {@code image/png}; required for inline data,
 *     optional for URLs
 * @param providerMetadata provider-specific values such as OpenAI's {@code detail}
 */
public record ImagePart(MediaSource source, @Nullable String mediaType, ProviderMetadata providerMetadata)
        implements ContentPart {

    /**
     * Validates the fields.
     *
     * @param source where the image bytes come from
     * @param mediaType the IANA media type such as {@code image/png}; required for inline data, optional for URLs
     * @param providerMetadata provider-specific values such as OpenAI's {@code detail}
     * @throws IllegalArgumentException if inline data has no media type, or the media type is not
     *     an {@code image/} type
     */
    public ImagePart {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        if (mediaType == null && source instanceof MediaSource.Data) {
            throw new IllegalArgumentException("inline image data needs a mediaType such as image/png");
        }
        if (mediaType != null && !mediaType.startsWith("image/")) {
            throw new IllegalArgumentException("image mediaType must start with 'image/' but was '" + mediaType + "'");
        }
    }

    /**
     * Returns an image the provider downloads.
     *
     * @param url the absolute image URL
     * @return the part
     * @throws IllegalArgumentException if {@code url} is not absolute
     */
    public static ImagePart ofUrl(String url) {
        return new ImagePart(MediaSource.ofUrl(url), null, ProviderMetadata.empty());
    }

    /**
     * Returns an inline image.
     *
     * @param bytes the image bytes
     * @param mediaType the media type such as {@code image/png}
     * @return the part
     * @throws IllegalArgumentException if {@code mediaType} is not an image type
     */
    public static ImagePart ofBytes(byte[] bytes, String mediaType) {
        return new ImagePart(MediaSource.ofBytes(bytes), mediaType, ProviderMetadata.empty());
    }
}
