package dev.ditto.sdk.message;

import java.net.URI;
import java.util.Base64;
import java.util.Objects;

/**
 * Where the bytes of an image, file or audio part come from: a URL the provider fetches, inline
 * data, or a file already uploaded to the provider.
 *
 * <p>Inline data is held base64-encoded because every provider wire format carries it that way, so
 * translation never re-encodes it. All variants are immutable and thread-safe.
 */
public sealed interface MediaSource permits MediaSource.Url, MediaSource.Data, MediaSource.FileId {

    /**
     * Returns a source the provider downloads.
     *
     * @param url an absolute URL (http, https, gs, or a {@code data:} URL)
     * @return the source
     * @throws IllegalArgumentException if {@code url} is not absolute
     */
    static MediaSource ofUrl(URI url) {
        return new Url(url);
    }

    /**
     * Returns a source the provider downloads.
     *
     * @param url an absolute URL
     * @return the source
     * @throws IllegalArgumentException if {@code url} is not a valid absolute URI
     */
    static MediaSource ofUrl(String url) {
        return new Url(URI.create(url));
    }

    /**
     * Returns inline data, encoding the bytes as base64.
     *
     * @param bytes the raw bytes, copied by encoding
     * @return the source
     */
    static MediaSource ofBytes(byte[] bytes) {
        return new Data(Base64.getEncoder().encodeToString(bytes));
    }

    /**
     * Returns inline data that is already base64-encoded, without decoding it.
     *
     * @param base64 standard base64 text
     * @return the source
     */
    static MediaSource ofBase64(String base64) {
        return new Data(base64);
    }

    /**
     * Returns a reference to a file uploaded to the provider beforehand.
     *
     * @param fileId the provider's file id, such as {@code file-abc123}
     * @return the source
     * @throws IllegalArgumentException if {@code fileId} is blank
     */
    static MediaSource ofFileId(String fileId) {
        return new FileId(fileId);
    }

    /**
     * Media the provider fetches from a URL.
     *
     * @param uri the absolute URL
     */
    record Url(URI uri) implements MediaSource {

        /**
         * Validates the URL.
         *
         * @param uri the absolute URL
         * @throws IllegalArgumentException if {@code uri} is not absolute
         */
        public Url {
            Objects.requireNonNull(uri, "uri");
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("media URL must be absolute but was '" + uri + "'");
            }
        }
    }

    /**
     * Media sent inline, base64-encoded.
     *
     * @param base64 standard base64 text
     */
    record Data(String base64) implements MediaSource {

        /**
         * Validates the data.
         *
         * @param base64 standard base64 text
         */
        public Data {
            Objects.requireNonNull(base64, "base64");
        }

        /**
         * Decodes the data.
         *
         * @return a new array holding the raw bytes
         * @throws IllegalArgumentException if the text is not valid base64
         */
        public byte[] bytes() {
            return Base64.getDecoder().decode(base64);
        }

        @Override
        public String toString() {
            return "Data[" + base64.length() + " base64 chars]";
        }
    }

    /**
     * Media already uploaded to the provider, referenced by its id.
     *
     * @param fileId the provider's file id
     */
    record FileId(String fileId) implements MediaSource {

        /**
         * Validates the id.
         *
         * @param fileId the provider's file id
         * @throws IllegalArgumentException if {@code fileId} is blank
         */
        public FileId {
            Objects.requireNonNull(fileId, "fileId");
            if (fileId.isBlank()) {
                throw new IllegalArgumentException("fileId must not be blank");
            }
        }
    }
}
