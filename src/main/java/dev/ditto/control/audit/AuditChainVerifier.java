package dev.ditto.control.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a JSONL audit export ({@code GET /admin/audit/export?format=jsonl}) with nothing but the
 * file: every line's hash is recomputed from its canonical JSON ({@link AuditChain}), every
 * record must follow the one before it in its chain (next sequence number, previous hash equal
 * to that record's hash), and every chain must start at its genesis record or where a later
 * anchor record of the same chain says the kept part starts after a purge. An edited record
 * fails its hash; a deleted, inserted or moved one breaks the link to its neighbour; records
 * cut from the front of a chain leave a start nothing vouches for.
 *
 * <p>Records cut from the end of a file cannot be seen in the file alone: compare the last hash
 * it reports with one kept elsewhere (an earlier export, a ticket, a log line).
 *
 * <pre>{@code
 * try (BufferedReader in = Files.newBufferedReader(file)) {
 *     AuditChainVerifier.Result result = AuditChainVerifier.verify(in, false);
 *     System.out.println(result.report());
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one instance reads one file, holding one small state per chain.
 */
public final class AuditChainVerifier {

    private static final Set<String> EXPORT_FIELDS;

    static {
        Set<String> fields = new HashSet<>(AuditChain.FIELDS);
        fields.add("prev_hash");
        fields.add("hash");
        EXPORT_FIELDS = Set.copyOf(fields);
    }

    private final boolean partial;
    private final Map<String, ChainState> chains = new LinkedHashMap<>();
    private long line;
    private long records;
    private @Nullable String lastHash;
    private @Nullable Problem problem;

    private AuditChainVerifier(boolean partial) {
        this.partial = partial;
    }

    /**
     * Verifies an export.
     *
     * @param lines the export, one record per line
     * @param partial whether to accept chains that start mid-way without an anchor (an export
     *     with {@code from} or a resumed one); their first record is then taken on trust
     * @return the outcome, with the first bad record if any
     * @throws IOException if the file cannot be read
     */
    public static Result verify(BufferedReader lines, boolean partial) throws IOException {
        AuditChainVerifier verifier = new AuditChainVerifier(partial);
        for (String text = lines.readLine(); text != null; text = lines.readLine()) {
            if (!verifier.accept(text)) {
                break;
            }
        }
        return verifier.finish();
    }

    private boolean accept(String text) {
        line++;
        Map<String, @Nullable String> fields;
        try {
            fields = FlatJson.parse(text);
        } catch (IllegalArgumentException e) {
            return fail(null, e.getMessage() + (line == 1 ? " (verify-audit reads the JSONL export, format=jsonl)" : ""),
                    null, null);
        }
        if (!fields.keySet().equals(EXPORT_FIELDS)) {
            Set<String> missing = new HashSet<>(EXPORT_FIELDS);
            missing.removeAll(fields.keySet());
            Set<String> extra = new HashSet<>(fields.keySet());
            extra.removeAll(EXPORT_FIELDS);
            return fail(fields.get("id"), "not an audit export record: missing fields " + missing + ", unknown fields "
                    + extra, null, null);
        }
        String id = fields.get("id");
        String chain = fields.get("chain");
        String prevHash = fields.get("prev_hash");
        String hash = fields.get("hash");
        long seq = seq(fields.get("seq"));
        if (id == null || chain == null || seq < 1 || !AuditChain.isHash(prevHash) || !AuditChain.isHash(hash)) {
            return fail(id, "not an audit export record: id, chain, a positive seq and 64-hex prev_hash and hash are "
                    + "required", null, null);
        }
        Map<String, @Nullable String> canonical = new LinkedHashMap<>();
        AuditChain.FIELDS.forEach(name -> canonical.put(name, fields.get(name)));
        String expected = AuditChain.hash(prevHash, AuditChain.json(canonical));
        if (!expected.equals(hash)) {
            return fail(id, "the record does not match its hash: it was changed after it was written", expected, hash);
        }
        ChainState state = chains.get(chain);
        if (state == null) {
            state = new ChainState(chain, seq, prevHash, line, id);
            if (seq == 1) {
                if (!AuditChain.GENESIS_ACTION.equals(fields.get("action")) || !AuditChain.ZERO_HASH.equals(prevHash)) {
                    return fail(id, "chain " + chain + " starts at seq 1 with a record that is not its genesis record",
                            AuditChain.ZERO_HASH, prevHash);
                }
                state.vouched = true;
            }
            chains.put(chain, state);
        } else if (!prevHash.equals(state.lastHash)) {
            return fail(id, "chain " + chain + ": the previous hash is not the hash of the chain's record before it "
                    + "(seq " + state.lastSeq + " on line " + state.lastLine + "): a record was deleted, inserted or moved",
                    state.lastHash, prevHash);
        } else if (seq != state.lastSeq + 1) {
            return fail(id, "chain " + chain + ": seq " + seq + " follows seq " + state.lastSeq, state.lastHash, prevHash);
        }
        if (AuditChain.ANCHOR_ACTION.equals(fields.get("action")) && !state.vouched) {
            state.vouched = vouches(fields.get("after"), state);
        }
        state.lastSeq = seq;
        state.lastHash = hash;
        state.lastLine = line;
        state.records++;
        records++;
        lastHash = hash;
        return true;
    }

    /** Whether an anchor's {@code after} names the first kept record as the one the file starts with. */
    private static boolean vouches(@Nullable String after, ChainState state) {
        if (after == null) {
            return false;
        }
        try {
            Map<String, @Nullable String> anchor = FlatJson.parse(after);
            return Long.toString(state.firstSeq).equals(anchor.get(AuditChain.ANCHOR_FIRST_SEQ))
                    && state.firstPrevHash.equals(anchor.get(AuditChain.ANCHOR_FIRST_PREV_HASH));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Result finish() {
        if (problem == null && records == 0) {
            problem = new Problem(line, null, "the file holds no audit records", null, null);
        }
        if (problem == null && !partial) {
            for (ChainState state : chains.values()) {
                if (!state.vouched) {
                    problem = new Problem(state.firstLine, state.firstId, "chain " + state.chain + " starts at seq "
                            + state.firstSeq + ", neither at its genesis record nor where an anchor record says the "
                            + "kept part starts: records before it are missing (pass --partial for an export that "
                            + "starts mid-chain, such as one with 'from')", null, state.firstPrevHash);
                    break;
                }
            }
        }
        List<ChainSummary> summaries = new ArrayList<>();
        chains.values().forEach(state -> summaries.add(new ChainSummary(state.chain, state.firstSeq, state.lastSeq,
                state.records, state.lastHash, state.vouched)));
        return new Result(records, lastHash, List.copyOf(summaries), problem);
    }

    private boolean fail(@Nullable String id, String message, @Nullable String expected, @Nullable String actual) {
        problem = new Problem(line, id, message, expected, actual);
        return false;
    }

    private static long seq(@Nullable String text) {
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What the verifier knows of one chain so far. */
    private static final class ChainState {
        final String chain;
        final long firstSeq;
        final String firstPrevHash;
        final long firstLine;
        final String firstId;
        boolean vouched;
        long lastSeq;
        String lastHash;
        long lastLine;
        long records;

        ChainState(String chain, long firstSeq, String firstPrevHash, long firstLine, String firstId) {
            this.chain = chain;
            this.firstSeq = firstSeq;
            this.firstPrevHash = firstPrevHash;
            this.firstLine = firstLine;
            this.firstId = firstId;
            this.lastSeq = firstSeq - 1;
            this.lastHash = firstPrevHash;
            this.lastLine = firstLine;
        }
    }

    /**
     * The first bad record.
     *
     * @param line its line number, from 1
     * @param id its id, if it could be read
     * @param message what is wrong
     * @param expected the hash that should be there, if a hash is wrong
     * @param actual the hash that is there, if a hash is wrong
     */
    public record Problem(long line, @Nullable String id, String message, @Nullable String expected,
            @Nullable String actual) {}

    /**
     * What a file holds of one chain.
     *
     * @param chain the chain id
     * @param firstSeq the first sequence number in the file
     * @param lastSeq the last sequence number in the file
     * @param records how many records
     * @param lastHash the last record's hash
     * @param anchored whether the start is the genesis record or vouched for by an anchor
     */
    public record ChainSummary(String chain, long firstSeq, long lastSeq, long records, String lastHash,
            boolean anchored) {}

    /**
     * The outcome.
     *
     * @param records how many records verified
     * @param lastHash the hash of the file's last verified record
     * @param chains the chains in the file, in order of first appearance
     * @param problem the first bad record; null when the file verified
     */
    public record Result(long records, @Nullable String lastHash, List<ChainSummary> chains,
            @Nullable Problem problem) {

        /**
         * Tells whether the file verified.
         *
         * @return true when there is no problem
         */
        public boolean ok() {
            return problem == null;
        }

        /**
         * Describes the outcome for a person: {@code OK n records, last hash ...} and a line per
         * chain, or the first bad record with the expected and actual hash.
         *
         * @return the text, lines ending in a newline
         */
        public String report() {
            StringBuilder out = new StringBuilder();
            if (problem == null) {
                out.append("OK ").append(records).append(" records, last hash ").append(lastHash).append('\n');
                for (ChainSummary chain : chains) {
                    out.append("  chain ").append(chain.chain()).append(": seq ").append(chain.firstSeq()).append("..")
                            .append(chain.lastSeq()).append(", last hash ").append(chain.lastHash())
                            .append(chain.anchored() ? "" : " (starts mid-chain; accepted with --partial)").append('\n');
                }
                return out.toString();
            }
            out.append("FAIL line ").append(problem.line());
            if (problem.id() != null) {
                out.append(" (id ").append(problem.id()).append(')');
            }
            out.append(": ").append(problem.message()).append('\n');
            if (problem.expected() != null) {
                out.append("  expected hash: ").append(problem.expected()).append('\n');
            }
            if (problem.actual() != null) {
                out.append("  actual hash:   ").append(problem.actual()).append('\n');
            }
            out.append("  (").append(records).append(" records before it verified)\n");
            return out.toString();
        }
    }
}
