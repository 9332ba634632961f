package dev.ditto.control.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The canonical form is a published format: these vectors were computed independently with
 * Python's {@code json.dumps(record, ensure_ascii=False, separators=(",", ":"))} and
 * {@code hashlib.sha256}, as docs/audit.md tells an external verifier to do.
 */
class AuditChainTest {

    private static final AuditRecord RECORD = AuditRecord.builder("aud_01", Instant.parse("2025-03-01T12:00:00.123456789Z"))
            .actor("al\"i\\ce\n\t\u0001\u007f/é\uD83D\uDE00", "global_admin").action("key.update", "key", "key_1")
            .change("{\"alias\":\"a\"}", null).origin(null, "10.0.0.7").tenantId("ten_a").build()
            .withChain("tenant:ten_a", 2, AuditChain.ZERO_HASH, "unused");

    @Test
    void canonicalJsonMatchesPythonsCompactDumps() {
        assertThat(AuditChain.canonicalJson(RECORD)).isEqualTo("{\"chain\":\"tenant:ten_a\",\"seq\":\"2\",\"id\":\"aud_01\","
                + "\"occurred_at\":\"2025-03-01T12:00:00.123456Z\",\"actor\":\"al\\\"i\\\\ce\\n\\t\\u0001\u007f/é\uD83D\uDE00\","
                + "\"role\":\"global_admin\",\"action\":\"key.update\",\"target_type\":\"key\",\"target_id\":\"key_1\","
                + "\"tenant_id\":\"ten_a\",\"request_id\":null,\"client_address\":\"10.0.0.7\","
                + "\"before\":\"{\\\"alias\\\":\\\"a\\\"}\",\"after\":null}");
    }

    @Test
    void hashIsSha256OfThePreviousHashAndTheCanonicalJson() {
        assertThat(AuditChain.hash(AuditChain.ZERO_HASH, AuditChain.canonicalJson(RECORD)))
                .isEqualTo("2eed0cd52cb8b0470718f656d066654eb5541982a175b0583db0b29323de9158");
    }

    @Test
    void timestampsAreUtcWithSixFractionDigits() {
        assertThat(AuditChain.time(Instant.parse("2025-03-01T12:00:00Z"))).isEqualTo("2025-03-01T12:00:00.000000Z");
        assertThat(AuditChain.time(Instant.parse("2025-03-01T12:00:00.5Z"))).isEqualTo("2025-03-01T12:00:00.500000Z");
    }

    @Test
    void linkNumbersHashesAndRepairsUnpairedSurrogates() {
        AuditRecord asked = AuditRecord.builder("aud_02", Instant.parse("2025-03-01T12:00:00Z"))
                .actor("bad\uD800", "global_admin").action("tenant.create", "tenant", "ten_a").tenantId("ten_a").build();

        AuditRecord linked = AuditChain.link(asked, "tenant:ten_a", 7, "ab".repeat(32));

        assertThat(linked.actor()).isEqualTo("bad\uFFFD");
        assertThat(linked.seq()).isEqualTo(7);
        assertThat(linked.prevHash()).isEqualTo("ab".repeat(32));
        assertThat(linked.hash()).isEqualTo(AuditChain.hash("ab".repeat(32), AuditChain.canonicalJson(linked)));
        assertThat(AuditChain.exportJson(linked)).startsWith("{\"chain\":\"tenant:ten_a\",\"seq\":\"7\",")
                .endsWith(",\"prev_hash\":\"" + "ab".repeat(32) + "\",\"hash\":\"" + linked.hash() + "\"}");
    }

    @Test
    void chainsAreOnePerTenantAndOneGlobal() {
        assertThat(AuditChain.chainOf(null)).isEqualTo("global");
        assertThat(AuditChain.chainOf("global")).isEqualTo("tenant:global");
        AuditRecord genesis = AuditChain.genesis("aud_g", "global", null, Instant.EPOCH);
        assertThat(genesis.seq()).isEqualTo(1);
        assertThat(genesis.prevHash()).isEqualTo(AuditChain.ZERO_HASH);
        assertThat(genesis.action()).isEqualTo(AuditChain.GENESIS_ACTION);
    }
}
