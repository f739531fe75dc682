-- The exchange's system of record: each market's command journal, its snapshots, and the
-- allocation ledger. A market grain appends one batch of commands and the allocations they
-- produced in ONE transaction (group commit), so a command is never durable without its
-- allocations, nor an allocation without its command.

-- Commands in the order the market's engine applied them. (market_id, sequence) is the
-- primary key and sequences are dense from 1, so a stale activation that tries to append a
-- sequence another activation already wrote fails on the key instead of forking the journal.
CREATE TABLE market_journal
(
    market_id   text        NOT NULL,
    sequence    bigint      NOT NULL CHECK (sequence > 0),
    command     bytea       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_market_journal PRIMARY KEY (market_id, sequence)
);

-- A snapshot of a market's book after `sequence` commands; recovery restores the latest one
-- and replays the journal after it. Old snapshots may be pruned; the journal never is.
CREATE TABLE market_snapshots
(
    market_id text        NOT NULL,
    sequence  bigint      NOT NULL CHECK (sequence >= 0),
    state     bytea       NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_market_snapshots PRIMARY KEY (market_id, sequence)
);

-- The allocation ledger: append-only, one hash chain per market. Prices are USD per million
-- tokens in micro-dollars (integers: no floating point in money); notional is exact.
CREATE TABLE allocations
(
    market_id           text          NOT NULL,
    sequence            bigint        NOT NULL CHECK (sequence > 0),
    allocation_id       text          NOT NULL,
    journal_sequence    bigint        NOT NULL,
    model               text          NOT NULL,
    period_start        timestamptz   NOT NULL,
    period_end          timestamptz   NOT NULL,
    buyer_id            text          NOT NULL,
    buyer_jurisdiction  text          NOT NULL,
    buy_order_id        text          NOT NULL,
    provider_id         text          NOT NULL,
    cluster_id          text          NOT NULL,
    region              text          NOT NULL,
    sell_order_id       text          NOT NULL,
    quantity            bigint        NOT NULL CHECK (quantity > 0),
    price_micros        bigint        NOT NULL CHECK (price_micros > 0),
    notional            numeric(38, 12) NOT NULL,
    matched_at          timestamptz   NOT NULL,
    prev_hash           bytea         NOT NULL CHECK (length(prev_hash) = 32),
    hash                bytea         NOT NULL CHECK (length(hash) = 32),

    CONSTRAINT pk_allocations PRIMARY KEY (market_id, sequence),
    CONSTRAINT uq_allocations_id UNIQUE (allocation_id),
    CONSTRAINT fk_allocations_journal FOREIGN KEY (market_id, journal_sequence)
        REFERENCES market_journal (market_id, sequence)
);

-- The ledger is append-only: an UPDATE or DELETE is refused outright, so an edit needs a
-- superuser who first disables the trigger, and the hash chain still exposes it.
CREATE FUNCTION allocations_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'allocations are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER allocations_append_only
    BEFORE UPDATE OR DELETE ON allocations
    FOR EACH ROW EXECUTE FUNCTION allocations_append_only();

CREATE INDEX ix_allocations_matched_at ON allocations (matched_at, market_id, sequence);

CREATE TRIGGER allocations_no_truncate
    BEFORE TRUNCATE ON allocations
    FOR EACH STATEMENT EXECUTE FUNCTION allocations_append_only();
