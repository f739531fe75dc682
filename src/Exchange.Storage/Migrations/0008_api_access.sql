-- API keys: one tenant and one role per key. Only a SHA-256 of the key's secret is stored; the key
-- itself is shown once, when it is created. A revoked key stays, so an audit can still name it.
CREATE TABLE api_keys
(
    key_id      text        NOT NULL,
    tenant_id   text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('operator', 'provider', 'buyer', 'regulator')),
    secret_hash bytea       NOT NULL CHECK (length(secret_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz NULL,

    CONSTRAINT pk_api_keys PRIMARY KEY (key_id)
);

CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, created_at, key_id);

-- Idempotency-Key headers of creating requests (other than orders, which use clientOrderId): a retry
-- with the same key and body answers with the resource the first call created; a different body is refused.
CREATE TABLE idempotency_keys
(
    tenant_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    operation       text        NOT NULL,
    fingerprint     bytea       NOT NULL,
    resource_id     text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_idempotency_keys PRIMARY KEY (tenant_id, idempotency_key)
);

-- A buyer's or a provider's own allocations, oldest first, page by page.
CREATE INDEX ix_allocations_buyer ON allocations (buyer_id, matched_at, market_id, sequence);
CREATE INDEX ix_allocations_provider ON allocations (provider_id, matched_at, market_id, sequence);
