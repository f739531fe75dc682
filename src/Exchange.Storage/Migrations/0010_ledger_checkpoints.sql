-- Signed checkpoints of the allocation ledger. At an interval the exchange signs each market's chain head (the
-- sequence and hash of its last allocation). A regulator who keeps checkpoints can later prove that history was
-- rewritten even if every hash after the edit was recomputed: the chain no longer passes through the signed head.

-- The exchange's signing key, made once and shared by every silo (unless a key file is configured instead).
CREATE TABLE exchange_signing_keys
(
    key_id      text        NOT NULL,
    algorithm   text        NOT NULL,
    public_key  bytea       NOT NULL,   -- SubjectPublicKeyInfo, DER
    private_key bytea       NOT NULL,   -- PKCS#8, DER
    created_at  timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_exchange_signing_keys PRIMARY KEY (key_id)
);

CREATE TABLE ledger_checkpoints
(
    market_id text        NOT NULL,
    sequence  bigint      NOT NULL CHECK (sequence > 0),   -- allocations in the market's chain at the checkpoint
    head_hash bytea       NOT NULL CHECK (length(head_hash) = 32),
    signed_at timestamptz NOT NULL,
    key_id    text        NOT NULL REFERENCES exchange_signing_keys (key_id),
    signature bytea       NOT NULL,

    CONSTRAINT pk_ledger_checkpoints PRIMARY KEY (market_id, sequence)
);

CREATE VIEW regulator.checkpoints AS
SELECT market_id, sequence, encode(head_hash, 'hex') AS head_hash, signed_at, key_id, encode(signature, 'base64') AS signature
FROM public.ledger_checkpoints;

GRANT SELECT ON regulator.checkpoints TO exchange_regulator;
