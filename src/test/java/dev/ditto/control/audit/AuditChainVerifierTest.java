package dev.ditto.control.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Every kind of tampering with an export is caught, at the first bad record. */
class AuditChainVerifierTest {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    /** A chain of genesis + 9 records, as export lines. */
    private final List<AuditRecord> chain = chain("global", null, 10);
    private final List<String> lines = lines(chain);

    @Test
    void anUntouchedExportVerifies() throws IOException {
        AuditChainVerifier.Result result = verify(lines);

        assertThat(result.ok()).isTrue();
        assertThat(result.records()).isEqualTo(10);
        assertThat(result.lastHash()).isEqualTo(chain.get(9).hash());
        assertThat(result.report()).startsWith("OK 10 records, last hash " + chain.get(9).hash() + "\n");
    }

    @Test
    void anEditedRecordFailsItsHash() throws IOException {
        List<String> edited = new ArrayList<>(lines);
        edited.set(4, edited.get(4).replace("\"actor\":\"admin-4\"", "\"actor\":\"mallory\""));

        AuditChainVerifier.Result result = verify(edited);

        assertProblem(result, 5, chain.get(4).id(), "does not match its hash");
        assertThat(result.problem().actual()).isEqualTo(chain.get(4).hash());
        assertThat(result.problem().expected()).isNotEqualTo(chain.get(4).hash()).matches("[0-9a-f]{64}");
        assertThat(result.report()).contains("FAIL line 5 (id " + chain.get(4).id() + ")", "expected hash: ",
                "actual hash:   " + chain.get(4).hash());
    }

    @Test
    void anEditedRecordWithARecomputedHashBreaksTheNextLink() throws IOException {
        List<AuditRecord> forged = new ArrayList<>(chain);
        AuditRecord original = chain.get(4);
        forged.set(4, AuditChain.link(AuditRecord.builder(original.id(), original.occurredAt()).actor("mallory", "x")
                .action(original.action(), original.targetType(), original.targetId()).build(), "global", 5,
                original.prevHash()));

        AuditChainVerifier.Result result = verify(lines(forged));

        assertProblem(result, 6, chain.get(5).id(), "previous hash");
        assertThat(result.problem().expected()).isEqualTo(forged.get(4).hash());
        assertThat(result.problem().actual()).isEqualTo(original.hash());
    }

    @Test
    void aDeletedRecordBreaksTheLink() throws IOException {
        List<String> deleted = new ArrayList<>(lines);
        deleted.remove(3);

        AuditChainVerifier.Result result = verify(deleted);

        assertProblem(result, 4, chain.get(4).id(), "deleted, inserted or moved");
        assertThat(result.problem().expected()).isEqualTo(chain.get(2).hash());
        assertThat(result.problem().actual()).isEqualTo(chain.get(3).hash());
    }

    @Test
    void anInsertedRecordIsCaughtEvenWhenItsOwnHashIsRight() throws IOException {
        List<String> inserted = new ArrayList<>(lines);
        AuditRecord forged = AuditChain.link(AuditRecord.builder("aud_forged", T0).actor("mallory", "x")
                .action("key.create", "key", "key_x").build(), "global", 4, chain.get(2).hash());
        inserted.add(3, AuditChain.exportJson(forged));

        AuditChainVerifier.Result result = verify(inserted);

        assertProblem(result, 5, chain.get(3).id(), "previous hash");
        assertThat(result.problem().expected()).isEqualTo(forged.hash());
    }

    @Test
    void aDuplicatedRecordIsCaught() throws IOException {
        List<String> duplicated = new ArrayList<>(lines);
        duplicated.add(6, lines.get(5));

        assertProblem(verify(duplicated), 7, chain.get(5).id(), "previous hash");
    }

    @Test
    void reorderedRecordsAreCaught() throws IOException {
        List<String> reordered = new ArrayList<>(lines);
        Collections.swap(reordered, 6, 7);

        assertProblem(verify(reordered), 7, chain.get(7).id(), "previous hash");
    }

    @Test
    void recordsCutFromTheFrontLeaveAStartNothingVouchesFor() throws IOException {
        List<String> cut = lines.subList(3, lines.size());

        AuditChainVerifier.Result strict = verify(cut);
        AuditChainVerifier.Result partial = AuditChainVerifier.verify(reader(cut), true);

        assertProblem(strict, 1, chain.get(3).id(), "starts at seq 4");
        assertThat(strict.report()).contains("--partial");
        assertThat(partial.ok()).isTrue();
        assertThat(partial.report()).contains("seq 4..10", "starts mid-chain");
    }

    @Test
    void aRemovedGenesisIsCaughtAndAForgedOneToo() throws IOException {
        assertProblem(verify(lines.subList(1, lines.size())), 1, chain.get(1).id(), "starts at seq 2");
        AuditRecord fake = AuditChain.link(AuditRecord.builder("aud_x", T0).action("key.create", "key", null).build(),
                "global", 1, AuditChain.ZERO_HASH);
        assertProblem(verify(List.of(AuditChain.exportJson(fake))), 1, "aud_x", "not its genesis record");
    }

    @Test
    void anExportStartingWhereAnAnchorSaysTheKeptPartStartsVerifies() throws IOException {
        List<AuditRecord> purged = new ArrayList<>(chain.subList(5, 10));
        purged.add(anchor(chain, 6, chain.get(4).hash()));

        AuditChainVerifier.Result result = verify(lines(purged));

        assertThat(result.ok()).as(result.report()).isTrue();
        assertThat(result.chains().get(0).anchored()).isTrue();
        assertThat(result.records()).isEqualTo(6);
    }

    @Test
    void anAnchorThatVouchesForAnotherStartDoesNotHelp() throws IOException {
        List<AuditRecord> purged = new ArrayList<>(chain.subList(6, 10));
        purged.add(anchor(chain, 6, chain.get(4).hash()));

        assertProblem(verify(lines(purged)), 1, chain.get(6).id(), "starts at seq 7");
    }

    @Test
    void interleavedChainsVerifyEachOnItsOwn() throws IOException {
        List<AuditRecord> tenant = chain("tenant:ten_a", "ten_a", 4);
        List<String> mixed = new ArrayList<>(lines);
        mixed.addAll(2, lines(tenant));

        AuditChainVerifier.Result result = verify(mixed);

        assertThat(result.ok()).as(result.report()).isTrue();
        assertThat(result.chains()).extracting(AuditChainVerifier.ChainSummary::chain)
                .containsExactly("global", "tenant:ten_a");
        assertThat(result.lastHash()).isEqualTo(chain.get(9).hash());
    }

    @Test
    void otherFilesAreRefusedWithAHint() throws IOException {
        assertProblem(verify(List.of("id,chain,seq", "aud_1,global,1")), 1, null, "format=jsonl");
        assertProblem(verify(List.of()), 0, null, "no audit records");
        assertProblem(verify(List.of(lines.get(0).replace("\"seq\":\"1\"", "\"seq\":1"))), 1, null, "not a string");
        assertProblem(verify(List.of(lines.get(0).replace(",\"after\":null", ""))), 1, chain.get(0).id(),
                "missing fields [after]");
    }

    private static void assertProblem(AuditChainVerifier.Result result, long line, @Nullable String id, String message) {
        assertThat(result.ok()).as(result.report()).isFalse();
        assertThat(result.problem().line()).as(result.report()).isEqualTo(line);
        assertThat(result.problem().id()).isEqualTo(id);
        assertThat(result.problem().message()).contains(message);
    }

    private static AuditRecord anchor(List<AuditRecord> chain, long firstKeptSeq, String firstKeptPrevHash) {
        AuditRecord last = chain.get(chain.size() - 1);
        String after = "{\"" + AuditChain.ANCHOR_FIRST_SEQ + "\":\"" + firstKeptSeq + "\",\""
                + AuditChain.ANCHOR_FIRST_PREV_HASH + "\":\"" + firstKeptPrevHash + "\"}";
        return AuditChain.link(AuditRecord.builder("aud_anchor", T0.plusSeconds(100)).action(AuditChain.ANCHOR_ACTION,
                AuditChain.CHAIN_TARGET, last.chain()).change(null, after).build(), last.chain(), last.seq() + 1,
                last.hash());
    }

    private static List<AuditRecord> chain(String chain, @Nullable String tenant, int size) {
        List<AuditRecord> records = new ArrayList<>();
        records.add(AuditChain.genesis("aud_" + chain + "_0", chain, tenant, T0));
        for (int i = 1; i < size; i++) {
            AuditRecord previous = records.get(i - 1);
            records.add(AuditChain.link(AuditRecord.builder("aud_" + chain + "_" + i, T0.plusSeconds(i))
                    .actor("admin-" + i, "global_admin").action("key.update", "key", "key_" + i)
                    .change("{\"n\":" + i + "}", null).tenantId(tenant).build(), chain, i + 1, previous.hash()));
        }
        return records;
    }

    private static List<String> lines(List<AuditRecord> records) {
        return records.stream().map(AuditChain::exportJson).toList();
    }

    private static AuditChainVerifier.Result verify(List<String> lines) throws IOException {
        return AuditChainVerifier.verify(reader(lines), false);
    }

    private static BufferedReader reader(List<String> lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines)));
    }
}
