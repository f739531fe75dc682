-- Issue 18: failover. What settlement needs to know of an allocation that failover touched: what it moved out of a failed
-- cluster's allocation (reallocated), and, for a replacement, its parent, the buyer's price when it is below the
-- replacement's, and the failed provider that paid the difference (its cover) into the escrow.
ALTER TABLE settlement_allocations
    ADD COLUMN reallocated          bigint NOT NULL DEFAULT 0 CHECK (reallocated >= 0),
    ADD COLUMN parent_allocation_id text   NULL,
    ADD COLUMN buyer_price_micros   bigint NULL CHECK (buyer_price_micros > 0),
    ADD COLUMN cover_payer          text   NULL;

-- One row per allocation a failed cluster still owed when it failed: the input of its re-allocation and, once finished,
-- of what was refunded. A row is written with the failure's penalty in one transaction, so the failover run finds each
-- allocation exactly once; replacements are the allocations naming it as their parent.
CREATE TABLE failover_allocations
(
    parent_allocation_id text        NOT NULL,
    cluster_id           text        NOT NULL,
    market_id            text        NOT NULL,
    buyer_id             text        NOT NULL,
    buyer_jurisdiction   text        NOT NULL,
    failed_at            timestamptz NOT NULL,
    found_at             timestamptz NOT NULL,
    remainder            bigint      NOT NULL CHECK (remainder >= 0),   -- token-equivalents not delivered by the fence
    penalty_bps          integer     NOT NULL CHECK (penalty_bps >= 0),
    sought               bigint      NOT NULL CHECK (sought >= 0),      -- what the re-allocation bid asks for (0: refund at once)
    max_price_micros     bigint      NOT NULL CHECK (max_price_micros >= 0),
    regions              text[]      NOT NULL,
    min_tier             integer     NOT NULL,
    data_policies        text[]      NOT NULL,
    reallocated          bigint      NULL CHECK (reallocated >= 0),     -- set when finished: replacements' quantity
    released             bigint      NULL CHECK (released >= 0),        -- set when finished: refunded to the buyer
    finished_at          timestamptz NULL,

    CONSTRAINT pk_failover_allocations PRIMARY KEY (parent_allocation_id)
);

-- The run takes what is not finished yet, oldest failure first.
CREATE INDEX ix_failover_allocations_open ON failover_allocations (failed_at, parent_allocation_id) WHERE finished_at IS NULL;

-- Each failure is taken once, when every allocation the cluster was delivering is funded.
CREATE TABLE failover_failures
(
    cluster_id  text        NOT NULL,
    failed_at   timestamptz NOT NULL,
    allocations integer     NOT NULL,
    taken_at    timestamptz NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT pk_failover_failures PRIMARY KEY (cluster_id)
);
