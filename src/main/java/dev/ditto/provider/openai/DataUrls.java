package dev.ditto.provider.openai;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The {@code data:<media type>;base64,<data>} URLs and audio format names of OpenAI Chat. */
final class DataUrls {

    private static final String PREFIX = "data:";
    private static final String BASE64 = ";base64,";

    private DataUrls() {
    }

    /** A media type and its base64 data. */
    record Data(String mediaType, String base64) {
    }

    static String format(String mediaType, String base64) {
        return PREFIX + mediaType + BASE64 + base64;
    }

    /** Parses a base64 data URL, or returns null for any other URL. */
    static @Nullable Data parse(String url) {
        if (!url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        int comma = url.indexOf(BASE64);
        if (comma < 0) {
            return null;
        }
        String mediaType = url.substring(PREFIX.length(), comma).trim();
        return new Data(mediaType.isEmpty() ? "application/octet-stream" : mediaType,
                url.substring(comma + BASE64.length()));
    }

    /** Returns OpenAI's {@code input_audio.format} for a media type, or null when unsupported. */
    static @Nullable String audioFormat(String mediaType) {
        return switch (mediaType.toLowerCase(Locale.ROOT)) {
            case "audio/wav", "audio/x-wav", "audio/wave" -> "wav";
            case "audio/mpeg", "audio/mp3" -> "mp3";
            default -> null;
        };
    }

    /** Returns the media type of an OpenAI audio format name such as {@code wav}. */
    static String audioMediaType(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/wav";
            default -> "audio/" + format.toLowerCase(Locale.ROOT);
        };
    }
}
