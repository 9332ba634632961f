package dev.ditto.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One entry of {@code model_list}: a public model name served by one upstream deployment.
 * Several entries with the same {@code model_name} form a group that the router balances.
 *
 * @param id the deployment id: {@code model_info.id} when given, else a stable hash of the entry
 * @param modelName the name clients ask for
 * @param litellmParams how to reach the deployment
 * @param modelInfo free-form metadata ({@code model_info}), kept as written
 */
public record ModelDeployment(String id, String modelName, LitellmParams litellmParams, JsonNode modelInfo) {

    /**
     * Derives a stable deployment id from what identifies the deployment, so that ids survive
     * restarts and match across replicas that load the same file.
     *
     * @param modelName the public model name
     * @param params the deployment's parameters
     * @return a 16-hex-digit id
     */
    public static String derivedId(String modelName, LitellmParams params) {
        String identity = modelName + "\n" + params.qualifiedModel() + "\n"
                + (params.apiBase() == null ? "" : params.apiBase()) + "\n"
                + (params.apiVersion() == null ? "" : params.apiVersion());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
