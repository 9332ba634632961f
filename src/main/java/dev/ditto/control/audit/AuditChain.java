package dev.ditto.control.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tamper-evident hash chain of the audit log: which chain a record belongs to, its canonical
 * JSON, and {@code hash = SHA-256(prev_hash || canonical JSON)}. Everything an external verifier
 * must reimplement is here, and {@code docs/audit.md} says the same in prose.
 *
 * <p>Chains: one per tenant ({@code tenant:<tenant id>}) and one for records outside any tenant
 * ({@value #GLOBAL}), each starting with a genesis record (sequence 1, previous hash
 * {@link #ZERO_HASH}). The canonical JSON is one object with the fields of {@link #FIELDS} in that
 * order, every value a JSON string or {@code null}, no whitespace outside strings, strings
 * escaped as Python's {@code json.dumps(..., ensure_ascii=False, separators=(",", ":"))} does
 * ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other control characters as {@code \}{@code u00XX} in
 * lowercase hex, everything else literal UTF-8), timestamps as {@code 2025-01-31T12:00:00.000000Z}
 * (UTC, six fraction digits), the sequence number as a decimal string.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditChain {

    /** The chain of records outside any tenant. */
    public static final String GLOBAL = "global";
    /** The prefix of a tenant's chain id. */
    public static final String TENANT_PREFIX = "tenant:";
    /** The previous hash of a genesis record: 64 zeros. */
    public static final String ZERO_HASH = "0".repeat(64);
    /** The action of the first record of every chain. */
    public static final String GENESIS_ACTION = "audit.genesis";
    /** The action of the record that vouches for where a chain starts after a purge. */
    public static final String ANCHOR_ACTION = "audit.anchor";
    /** The target type of genesis and anchor records; their target id is the chain id. */
    public static final String CHAIN_TARGET = "audit_chain";
    /** The field of an anchor's {@code after} JSON: the first sequence number kept. */
    public static final String ANCHOR_FIRST_SEQ = "first_kept_seq";
    /** The field of an anchor's {@code after} JSON: the previous hash of the first record kept. */
    public static final String ANCHOR_FIRST_PREV_HASH = "first_kept_prev_hash";

    /** The canonical fields, in their fixed order; the export adds {@code prev_hash} and {@code hash}. */
    public static final List<String> FIELDS = List.of("chain", "seq", "id", "occurred_at", "actor", "role", "action",
            "target_type", "target_id", "tenant_id", "request_id", "client_address", "before", "after");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {}

    /**
     * Returns the chain a record about a tenant belongs to.
     *
     * @param tenantId the record's tenant, or null
     * @return {@code tenant:<id>}, or {@value #GLOBAL}
     */
    public static String chainOf(@Nullable String tenantId) {
        return tenantId == null ? GLOBAL : TENANT_PREFIX + tenantId;
    }

    /**
     * Formats an instant the canonical way.
     *
     * @param instant the instant
     * @return such as {@code 2025-01-31T12:00:00.000000Z}
     */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /**
     * Returns a record's canonical fields, in order, as the chain hashes them.
     *
     * @param record the record, with its chain and sequence number set
     * @return field name to value (string or null), in {@link #FIELDS} order
     */
    public static Map<String, @Nullable String> fields(AuditRecord record) {
        Map<String, @Nullable String> fields = new LinkedHashMap<>();
        fields.put("chain", record.chain());
        fields.put("seq", Long.toString(record.seq()));
        fields.put("id", record.id());
        fields.put("occurred_at", time(record.occurredAt()));
        fields.put("actor", record.actor());
        fields.put("role", record.role());
        fields.put("action", record.action());
        fields.put("target_type", record.targetType());
        fields.put("target_id", record.targetId());
        fields.put("tenant_id", record.tenantId());
        fields.put("request_id", record.requestId());
        fields.put("client_address", record.clientAddress());
        fields.put("before", record.before());
        fields.put("after", record.after());
        return fields;
    }

    /**
     * Writes fields as a canonical JSON object, in the order given.
     *
     * @param fields name to value
     * @return the JSON text
     */
    public static String json(Map<String, @Nullable String> fields) {
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, @Nullable String> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey());
            out.append(':');
            if (field.getValue() == null) {
                out.append("null");
            } else {
                string(out, field.getValue());
            }
        }
        return out.append('}').toString();
    }

    /**
     * Returns a record's canonical JSON.
     *
     * @param record the record, with its chain and sequence number set
     * @return the JSON text that is hashed
     */
    public static String canonicalJson(AuditRecord record) {
        return json(fields(record));
    }

    /**
     * Returns a chained record as one line of the JSONL export: its canonical fields, then
     * {@code prev_hash} and {@code hash}.
     *
     * @param record the chained record
     * @return the JSON text, without a line end
     * @throws IllegalArgumentException if the record is not chained
     */
    public static String exportJson(AuditRecord record) {
        if (record.chain() == null || record.hash() == null || record.prevHash() == null) {
            throw new IllegalArgumentException("audit record " + record.id() + " is not chained");
        }
        Map<String, @Nullable String> fields = fields(record);
        fields.put("prev_hash", record.prevHash());
        fields.put("hash", record.hash());
        return json(fields);
    }

    /**
     * Computes {@code SHA-256(prevHash || canonicalJson)} over the UTF-8 bytes, as lowercase hex.
     *
     * @param prevHash the previous record's hash (64 lowercase hex characters)
     * @param canonicalJson the record's canonical JSON
     * @return the hash
     */
    public static String hash(String prevHash, String canonicalJson) {
        MessageDigest sha256 = sha256();
        sha256.update(prevHash.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha256.digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Chains a record: sets its chain, sequence number, previous hash and hash.
     *
     * @param record the record as the caller built it
     * @param chain the chain it goes into
     * @param seq its sequence number in the chain
     * @param prevHash the hash of the chain's record {@code seq - 1}
     * @return the chained record, its strings made valid Unicode
     */
    public static AuditRecord link(AuditRecord record, String chain, long seq, String prevHash) {
        AuditRecord placed = new AuditRecord(record.id(), record.occurredAt(), clean(record.actor()),
                clean(record.role()), clean(record.action()), clean(record.targetType()), clean(record.targetId()),
                clean(record.before()), clean(record.after()), clean(record.requestId()), clean(record.clientAddress()),
                record.tenantId(), null, null, chain, seq);
        return placed.withChain(chain, seq, prevHash, hash(prevHash, canonicalJson(placed)));
    }

    /**
     * Builds the first record of a chain.
     *
     * @param id its id
     * @param chain the chain
     * @param tenantId the chain's tenant, or null for {@value #GLOBAL}
     * @param occurredAt when the chain started
     * @return the chained genesis record (sequence 1)
     */
    public static AuditRecord genesis(String id, String chain, @Nullable String tenantId, Instant occurredAt) {
        AuditRecord genesis = AuditRecord.builder(id, occurredAt).actor("system", "system")
                .action(GENESIS_ACTION, CHAIN_TARGET, chain).tenantId(tenantId).build();
        return link(genesis, chain, 1, ZERO_HASH);
    }

    /**
     * Tells whether a string is a hash as the chain writes them.
     *
     * @param value the string
     * @return true for 64 lowercase hex characters
     */
    public static boolean isHash(@Nullable String value) {
        if (value == null || value.length() != 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Appends a JSON string literal, escaped the canonical way. */
    static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX.toHexDigits((byte) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Replaces unpaired surrogates with U+FFFD, so the UTF-8 that is hashed is the text that is stored. */
    private static @Nullable String clean(@Nullable String value) {
        if (value == null) {
            return null;
        }
        List<Integer> bad = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (bad == null) {
                    bad = new ArrayList<>();
                }
                bad.add(i);
            }
        }
        if (bad == null) {
            return value;
        }
        char[] chars = value.toCharArray();
        bad.forEach(i -> chars[i] = '\uFFFD');
        return new String(chars);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
