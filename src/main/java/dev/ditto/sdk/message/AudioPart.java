package dev.ditto.sdk.message;

import java.util.Objects;

/**
 * Audio input, or audio output kept in history (OpenAI's audio id then rides in the metadata).
 *
 * @param source where the audio bytes come from
 * @param mediaType the IANA media type such as {@code audio/wav} or {@code audio/mpeg}
 * @param providerMetadata provider-specific values such as OpenAI's output audio id
 */
public record AudioPart(MediaSource source, String mediaType, ProviderMetadata providerMetadata)
        implements ContentPart {

    /**
     * Validates the fields.
     *
     * @param source where the audio bytes come from
     * @param mediaType the IANA media type such as {@code audio/wav} or {@code audio/mpeg}
     * @param providerMetadata provider-specific values such as OpenAI's output audio id
     * @throws IllegalArgumentException if {@code mediaType} is not an {@code audio/} type
     */
    public AudioPart {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        if (!mediaType.startsWith("audio/")) {
            throw new IllegalArgumentException("audio mediaType must start with 'audio/' but was '" + mediaType + "'");
        }
    }

    /**
     * Returns inline audio.
     *
     * @param bytes the audio bytes
     * @param mediaType the media type such as {@code audio/wav}
     * @return the part
     * @throws IllegalArgumentException if {@code mediaType} is not an audio type
     */
    public static AudioPart ofBytes(byte[] bytes, String mediaType) {
        return new AudioPart(MediaSource.ofBytes(bytes), mediaType, ProviderMetadata.empty());
    }
}
