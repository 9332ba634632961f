-- The audit log's tamper-evident hash chains (docs/audit.md). One chain per tenant
-- ('tenant:<id>') and one for records outside any tenant ('global'). Each record carries its
-- chain and its sequence number in it; hash = SHA-256(prev_hash || canonical JSON).
-- The head row of a chain holds its last sequence number and hash: an append locks it
-- (SELECT ... FOR UPDATE), so writers on several replicas serialize per chain, and only for
-- the rest of the appending transaction.
-- Portable SQL: runs unchanged on H2 2.3 and PostgreSQL 15+.

ALTER TABLE ditto_audit ADD COLUMN chain_id VARCHAR(80);
ALTER TABLE ditto_audit ADD COLUMN seq BIGINT;
-- One record per position: a second writer that got past the lock would fail here, not fork the chain.
CREATE UNIQUE INDEX ditto_audit_chain_seq ON ditto_audit (chain_id, seq);
-- Retention finds a chain's last record older than the cutoff through ditto_audit_time (only
-- old rows are scanned); no index of its own, since every index slows every append.

CREATE TABLE ditto_audit_chain_head (
    chain_id   VARCHAR(80) NOT NULL PRIMARY KEY,
    last_seq   BIGINT      NOT NULL,
    last_hash  VARCHAR(64) NOT NULL
);
