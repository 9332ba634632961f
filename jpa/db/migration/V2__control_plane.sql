-- The control plane: tenants > projects (LiteLLM teams) > users > virtual keys; budgets, rate
-- limits, the durable ledger and open reservations per scope; the spend log; the audit log.
-- Portable SQL: runs unchanged on H2 2.3 (embedded default) and PostgreSQL 15+.
-- Money is NUMERIC(20,10): exact, down to a tenth of a nano-dollar.
-- Collections and labels are JSON text (arrays of strings, objects of strings).
-- Scopes (budgets, limits, ledger) are polymorphic (scope_kind, scope_id) without foreign
-- keys; spend log and audit keep no foreign keys either, so history outlives what it names.

CREATE TABLE ditto_tenant (
    id          VARCHAR(64)              NOT NULL PRIMARY KEY,
    name        VARCHAR(255)             NOT NULL,
    metadata    VARCHAR(100000)          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE ditto_project (
    id          VARCHAR(64)              NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(64)              REFERENCES ditto_tenant (id),
    alias       VARCHAR(255),
    metadata    VARCHAR(100000)          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ditto_project_tenant ON ditto_project (tenant_id, id);

CREATE TABLE ditto_user (
    id          VARCHAR(64)              NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(64)              REFERENCES ditto_tenant (id),
    email       VARCHAR(320),
    alias       VARCHAR(255),
    metadata    VARCHAR(100000)          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ditto_user_tenant ON ditto_user (tenant_id, id);

-- Only the hash of a key is stored (SHA-256 hex of the whole key string, or HMAC with the
-- pepper). previous_hash stays valid until previous_valid_until after a rotation.
CREATE TABLE ditto_key (
    id                    VARCHAR(64)              NOT NULL PRIMARY KEY,
    token_hash            VARCHAR(64)              NOT NULL,
    key_alias             VARCHAR(255),
    display_prefix        VARCHAR(32)              NOT NULL,
    tenant_id             VARCHAR(64)              REFERENCES ditto_tenant (id),
    project_id            VARCHAR(64)              REFERENCES ditto_project (id),
    user_id               VARCHAR(64)              REFERENCES ditto_user (id),
    allowed_models        VARCHAR(100000)          NOT NULL,
    allowed_routes        VARCHAR(100000)          NOT NULL,
    expires_at            TIMESTAMP WITH TIME ZONE,
    blocked               BOOLEAN                  NOT NULL,
    metadata              VARCHAR(100000)          NOT NULL,
    previous_hash         VARCHAR(64),
    previous_valid_until  TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ditto_key_token_hash ON ditto_key (token_hash);
CREATE UNIQUE INDEX ditto_key_previous_hash ON ditto_key (previous_hash);
CREATE INDEX ditto_key_tenant ON ditto_key (tenant_id, id);
CREATE INDEX ditto_key_project ON ditto_key (project_id, id);
CREATE INDEX ditto_key_user ON ditto_key (user_id, id);

CREATE TABLE ditto_budget (
    id             VARCHAR(64)              NOT NULL PRIMARY KEY,
    scope_kind     VARCHAR(16)              NOT NULL,
    scope_id       VARCHAR(64)              NOT NULL,
    tenant_id      VARCHAR(64),
    max_budget     NUMERIC(20, 10)          NOT NULL,
    soft_budget    NUMERIC(20, 10),
    reset_period   VARCHAR(16)              NOT NULL,
    reset_seconds  BIGINT,
    period_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ditto_budget_scope ON ditto_budget (scope_kind, scope_id);
CREATE INDEX ditto_budget_tenant ON ditto_budget (tenant_id, id);

CREATE TABLE ditto_limit (
    id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    scope_kind    VARCHAR(16)              NOT NULL,
    scope_id      VARCHAR(64)              NOT NULL,
    tenant_id     VARCHAR(64),
    rpm           INTEGER,
    tpm           BIGINT,
    max_parallel  INTEGER,
    model         VARCHAR(255),
    route_group   VARCHAR(255),
    algorithm     VARCHAR(32)              NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ditto_limit_scope ON ditto_limit (scope_kind, scope_id);
CREATE INDEX ditto_limit_tenant ON ditto_limit (tenant_id, id);

-- id is 'kind:scope_id@epoch_seconds_of_period_start': the same on every replica, so
-- concurrent write-behind batches add to one row (MERGE).
CREATE TABLE ditto_ledger (
    id             VARCHAR(128)             NOT NULL PRIMARY KEY,
    scope_kind     VARCHAR(16)              NOT NULL,
    scope_id       VARCHAR(64)              NOT NULL,
    period_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    tenant_id      VARCHAR(64),
    spend          NUMERIC(20, 10)          NOT NULL,
    input_tokens   BIGINT                   NOT NULL,
    output_tokens  BIGINT                   NOT NULL,
    requests       BIGINT                   NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ditto_ledger_scope_period ON ditto_ledger (scope_kind, scope_id, period_start);
CREATE INDEX ditto_ledger_tenant ON ditto_ledger (tenant_id, id);

CREATE TABLE ditto_reservation (
    request_id  VARCHAR(128)             NOT NULL PRIMARY KEY,
    replica_id  VARCHAR(64)              NOT NULL,
    scopes      VARCHAR(10000)           NOT NULL,
    amount      NUMERIC(20, 10)          NOT NULL,
    tokens      BIGINT                   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ditto_reservation_created ON ditto_reservation (created_at);

-- One row per request. started_day is the UTC day of started_at, written by the gateway, so
-- totals per day group on a plain column on both databases.
CREATE TABLE ditto_spend_log (
    id                VARCHAR(64)              NOT NULL PRIMARY KEY,
    request_id        VARCHAR(128)             NOT NULL,
    key_id            VARCHAR(64)              NOT NULL,
    user_id           VARCHAR(64),
    project_id        VARCHAR(64),
    tenant_id         VARCHAR(64),
    route             VARCHAR(255)             NOT NULL,
    model             VARCHAR(255),
    deployment        VARCHAR(255),
    input_tokens      BIGINT                   NOT NULL,
    output_tokens     BIGINT                   NOT NULL,
    cached_tokens     BIGINT                   NOT NULL,
    reasoning_tokens  BIGINT                   NOT NULL,
    cost              NUMERIC(20, 10),
    latency_ms        BIGINT                   NOT NULL,
    status            VARCHAR(32)              NOT NULL,
    http_status       INTEGER                  NOT NULL,
    cache_hit         BOOLEAN                  NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_day       DATE                     NOT NULL
);
-- Keyset pages run on (started_at, id); admin queries per tenant and per key, retention by time.
CREATE INDEX ditto_spend_log_tenant_time ON ditto_spend_log (tenant_id, started_at, id);
CREATE INDEX ditto_spend_log_key_time ON ditto_spend_log (key_id, started_at, id);
CREATE INDEX ditto_spend_log_time ON ditto_spend_log (started_at, id);
CREATE INDEX ditto_spend_log_request ON ditto_spend_log (request_id);

-- prev_hash and hash are the tamper-evident chain (filled in by the audit writer).
CREATE TABLE ditto_audit (
    id              VARCHAR(64)              NOT NULL PRIMARY KEY,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor           VARCHAR(255)             NOT NULL,
    actor_role      VARCHAR(64)              NOT NULL,
    action          VARCHAR(64)              NOT NULL,
    target_type     VARCHAR(64)              NOT NULL,
    target_id       VARCHAR(128),
    before_json     VARCHAR(1000000),
    after_json      VARCHAR(1000000),
    request_id      VARCHAR(128),
    client_address  VARCHAR(64),
    tenant_id       VARCHAR(64),
    prev_hash       VARCHAR(64),
    hash            VARCHAR(64)
);
CREATE INDEX ditto_audit_tenant_time ON ditto_audit (tenant_id, occurred_at, id);
CREATE INDEX ditto_audit_time ON ditto_audit (occurred_at, id);
CREATE INDEX ditto_audit_target ON ditto_audit (target_type, target_id);
