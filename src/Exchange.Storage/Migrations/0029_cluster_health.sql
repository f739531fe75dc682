-- Cluster health (issue 18; rules in docs/failover.md): every change of a cluster's status, in order, is journaled here
-- and is the status's one home (the cluster grain reads the newest row when it activates). Sequence numbers per cluster
-- make two activations that both try to write the next change conflict instead of forking the history.
CREATE TABLE cluster_health
(
    cluster_id  text        NOT NULL,
    sequence    bigint      NOT NULL CHECK (sequence >= 1),
    at          timestamptz NOT NULL,
    status      text        NOT NULL CHECK (status IN ('Online', 'Suspect', 'Failed', 'Offline')),
    cause       text        NOT NULL CHECK (cause IN ('Silent', 'Heartbeat', 'Reading', 'Declared')),
    reason      text        NULL,
    declared_by text        NULL,

    CONSTRAINT pk_cluster_health PRIMARY KEY (cluster_id, sequence)
);

-- At most one failure per cluster: failed is final, and the readings fence looks it up.
CREATE UNIQUE INDEX uq_cluster_health_failed ON cluster_health (cluster_id) WHERE status = 'Failed';

-- The newest batch of a cluster tells its health check when it was last heard from.
CREATE INDEX ix_meter_batches_cluster ON meter_batches (cluster_id, batch_id);

-- Batches a failed cluster sent after its meter was fenced: refused, and kept as received (signed) as evidence.
CREATE TABLE meter_refused_batches
(
    refused_id  bigint      NOT NULL GENERATED ALWAYS AS IDENTITY,
    cluster_id  text        NOT NULL,
    key_id      text        NOT NULL,
    body        bytea       NOT NULL,
    signature   text        NOT NULL,
    code        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT pk_meter_refused_batches PRIMARY KEY (refused_id)
);
