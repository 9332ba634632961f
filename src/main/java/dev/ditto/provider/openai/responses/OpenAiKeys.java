package dev.ditto.provider.openai.responses;

/**
 * The names this adapter uses inside {@link dev.ditto.sdk.message.ProviderMetadata} and
 * {@code providerOptions}, and the wire names it reads. They are part of the round-trip contract:
 * a value written by the decoder under one of these names is read back by the request mapper.
 */
final class OpenAiKeys {

    /** The provider key of metadata, options and provider parts. */
    static final String PROVIDER = "openai";

    /** The output item id, such as {@code msg_...}, {@code rs_...} or {@code fc_...}. */
    static final String ITEM_ID = "itemId";
    /** A reasoning item's {@code encrypted_content}. */
    static final String ENCRYPTED_CONTENT = "encryptedContent";
    /** A message item's {@code phase}, such as {@code final_answer}. */
    static final String PHASE = "phase";
    /** The annotations (citations) of an {@code output_text} part. */
    static final String ANNOTATIONS = "annotations";
    /** Marks a text part that was a {@code refusal}. */
    static final String REFUSAL = "refusal";
    /** The wire role of a system message: {@code system} or {@code developer}. */
    static final String ROLE = "role";
    /** Marks a system message that came from the request's {@code instructions}. */
    static final String INSTRUCTIONS = "instructions";
    /** The image {@code detail} of an input image. */
    static final String DETAIL = "detail";
    /** The wire type of a tool result item, when not {@code function_call_output}. */
    static final String OUTPUT_TYPE = "outputType";
    /** Fields of a function tool beyond name, description, parameters and strict (such as {@code defer_loading}). */
    static final String EXTRA = "extra";
    /** The response id on result metadata. */
    static final String RESPONSE_ID = "responseId";
    /** The service tier on result metadata. */
    static final String SERVICE_TIER = "serviceTier";

    private OpenAiKeys() {
    }
}
