-- One row per gateway process: written at start and at clean stop, never on the request path.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL (production).
CREATE TABLE ditto_node (
    node_id     VARCHAR(64)              NOT NULL PRIMARY KEY,
    host_name   VARCHAR(255)             NOT NULL,
    version     VARCHAR(64)              NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX ditto_node_running ON ditto_node (stopped_at, started_at);
