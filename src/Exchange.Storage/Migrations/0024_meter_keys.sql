-- A cluster's meter keys: the ECDSA P-256 public keys its signed readings verify against. A new key does not replace
-- the old ones: readings keep naming the key they were signed with, so anyone can check them later. The key
-- registered last is the one new batches must be signed with; "last" is a sequence, not a clock, so a clock that steps
-- back cannot make an older key current. A key is named by its fingerprint (SHA-256 of its DER bytes), so registering
-- the same key again finds it (and makes it current again).
CREATE TABLE meter_keys
(
    cluster_id    text        NOT NULL,
    key_id        text        NOT NULL CHECK (key_id ~ '^[0-9a-f]{64}$'),
    public_key    text        NOT NULL,
    registration  bigint      NOT NULL GENERATED ALWAYS AS IDENTITY,
    registered_at timestamptz NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT pk_meter_keys PRIMARY KEY (cluster_id, key_id)
);

CREATE INDEX ix_meter_keys_current ON meter_keys (cluster_id, registration DESC);
