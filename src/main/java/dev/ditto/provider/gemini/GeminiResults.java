package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.gemini.GeminiWire.Candidate;
import dev.ditto.provider.gemini.GeminiWire.Part;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the non-streaming mapper and the stream decoder read the same way: finish reasons and
 * usage (as {@code WIRE-FORMATS.md} prescribes), response metadata, generated media, and the
 * ids Gemini does not give its function calls. Stateless, except {@link CallIds}.
 */
final class GeminiResults {

    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY");
    private static final String[] CANDIDATE_METADATA = {"safetyRatings", "groundingMetadata", "urlContextMetadata"};

    private GeminiResults() {
    }

    /**
     * Unifies a {@code finishReason}.
     *
     * @param raw Gemini's value, or {@code null} when it gave none
     * @param hasToolCalls whether the answer holds function calls, which turn {@code STOP} into a
     *     tool-call finish
     * @return the unified reason; unknown values give {@link FinishReason#OTHER}
     */
    static FinishReason finishReason(@Nullable String raw, boolean hasToolCalls) {
        if (raw == null) {
            return FinishReason.OTHER;
        }
        if (raw.equals("STOP")) {
            return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        if (raw.equals("MAX_TOKENS")) {
            return FinishReason.LENGTH;
        }
        if (raw.equals("MALFORMED_FUNCTION_CALL")) {
            return FinishReason.ERROR;
        }
        return FILTERED.contains(raw) ? FinishReason.CONTENT_FILTER : FinishReason.OTHER;
    }

    /**
     * Returns whether a {@code usageMetadata} object holds token counts; on Vertex the early
     * chunks carry only {@code trafficType}.
     *
     * @param usage the object, or {@code null}
     * @return {@code true} when it has counts
     */
    static boolean hasCounts(@Nullable JsonNode usage) {
        return usage != null && (usage.has("promptTokenCount") || usage.has("totalTokenCount")
                || usage.has("candidatesTokenCount"));
    }

    /**
     * Normalises {@code usageMetadata}: input is {@code promptTokenCount} (cache included), cache
     * reads {@code cachedContentTokenCount}, output {@code candidatesTokenCount +
     * thoughtsTokenCount}. Counts missing from an object that has counts are zero, because
     * Google's JSON leaves out zero values.
     *
     * @param usage the last {@code usageMetadata} with counts, or {@code null}
     * @return the usage, with the object as its raw value
     */
    static Usage usage(@Nullable JsonNode usage) {
        if (!hasCounts(usage)) {
            return usage == null ? Usage.empty() : Usage.builder().raw(usage).build();
        }
        long candidates = usage.path("candidatesTokenCount").asLong(0);
        long thoughts = usage.path("thoughtsTokenCount").asLong(0);
        return Usage.builder()
                .inputTokens(usage.path("promptTokenCount").asLong(0))
                .cacheReadTokens(usage.path("cachedContentTokenCount").asLong(0))
                .outputTokens(candidates + thoughts)
                .textTokens(candidates)
                .reasoningTokens(thoughts)
                .totalTokens(usage.has("totalTokenCount") ? usage.get("totalTokenCount").asLong() : null)
                .raw(usage)
                .build();
    }

    /**
     * Copies what Google says about a candidate into response metadata: safety ratings,
     * grounding and URL-context metadata (the last value wins), citation sources (accumulated)
     * and the finish message.
     *
     * @param candidate the candidate of one response or chunk
     * @param into the metadata collected so far
     */
    static void collectMetadata(Candidate candidate, ObjectNode into) {
        JsonNode[] values = {candidate.safetyRatings(), candidate.groundingMetadata(), candidate.urlContextMetadata()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && !values[i].isNull()) {
                into.set(CANDIDATE_METADATA[i], values[i]);
            }
        }
        JsonNode sources = candidate.citationMetadata() == null ? null : candidate.citationMetadata().get("citationSources");
        if (sources != null && sources.isArray()) {
            ObjectNode citations = into.has("citationMetadata") ? (ObjectNode) into.get("citationMetadata")
                    : into.putObject("citationMetadata");
            ArrayNode all = citations.has("citationSources") ? (ArrayNode) citations.get("citationSources")
                    : citations.putArray("citationSources");
            all.addAll((ArrayNode) sources);
        }
        if (candidate.finishMessage() != null) {
            into.put("finishMessage", candidate.finishMessage());
        }
    }

    /**
     * Wraps collected response metadata.
     *
     * @param values the collected values
     * @return the metadata under the Gemini key, empty when nothing was collected
     */
    static ProviderMetadata metadata(ObjectNode values) {
        return values.isEmpty() ? ProviderMetadata.empty() : ProviderMetadata.of(GeminiOptions.KEY, values);
    }

    /**
     * Returns the content part for generated media or a provider-only part.
     *
     * @param part a response part that is neither text nor a function call
     * @return the part, or {@code null} for a kind this adapter does not know
     */
    static @Nullable ContentPart otherPart(Part part) {
        ProviderMetadata signature = GeminiMedia.withSignature(part.thoughtSignature());
        if (part.inlineData() != null) {
            return media(MediaSource.ofBase64(part.inlineData().data()), part.inlineData().mimeType(), signature);
        }
        if (part.fileData() != null) {
            return media(MediaSource.ofUrl(part.fileData().fileUri()), part.fileData().mimeType(), signature);
        }
        if (part.executableCode() != null || part.codeExecutionResult() != null) {
            String type = part.executableCode() != null ? "executableCode" : "codeExecutionResult";
            return new ProviderPart(GeminiOptions.KEY, type, GeminiWire.JSON.valueToTree(part));
        }
        return null;
    }

    private static ContentPart media(MediaSource source, @Nullable String mimeType, ProviderMetadata metadata) {
        String type = mimeType == null ? "application/octet-stream" : mimeType;
        if (type.startsWith("image/")) {
            return new ImagePart(source, type, metadata);
        }
        if (type.startsWith("audio/")) {
            return new AudioPart(source, type, metadata);
        }
        return new FilePart(source, type, null, metadata);
    }

    /**
     * Makes the ids of one response's function calls: Gemini's own id when it sends one, else
     * {@code call_<response>_<n>}, which is stable for a response and unique across the turns of
     * a conversation because it includes the response id. Not thread-safe.
     */
    static final class CallIds {

        private static final int SALT_CHARS = 12;

        private final String salt;
        private int next;

        private CallIds(String salt) {
            this.salt = salt;
        }

        static CallIds forResponse(@Nullable String responseId) {
            String clean = responseId == null ? "" : responseId.replaceAll("[^A-Za-z0-9]", "");
            if (clean.isEmpty()) {
                clean = UUID.randomUUID().toString().replace("-", "");
            }
            return new CallIds(clean.substring(0, Math.min(SALT_CHARS, clean.length())));
        }

        String next(@Nullable String explicit) {
            int n = next++;
            return explicit != null && !explicit.isBlank() ? explicit : "call_" + salt + "_" + n;
        }
    }
}
