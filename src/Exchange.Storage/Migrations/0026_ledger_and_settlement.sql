-- The double-entry ledger and the settlement that feeds it (issue 17; rules in docs/settlement.md).
--
-- Transfers are immutable rows in one hash chain, in the order the single writer applied them (position). An id is
-- deterministic, so a retried step finds its transfer. Every transfer takes from one account exactly what it gives
-- to another, so the balances of ledger_accounts add up to zero; the rules that refuse a transfer (floors, repeats,
-- conflicts) live in the pure core (LedgerBook), which the writer runs over the accounts each step touches.
CREATE TABLE ledger_transfers
(
    position       bigint          NOT NULL CHECK (position > 0),
    transfer_id    text            NOT NULL,
    kind           text            NOT NULL,
    debit_account  text            NOT NULL,
    credit_account text            NOT NULL CHECK (credit_account <> debit_account),
    amount         numeric(38, 12) NOT NULL CHECK (amount > 0),
    allocation_id  text            NULL,
    status         text            NOT NULL CHECK (status IN ('Pending', 'Posted', 'Voided')),
    at             timestamptz     NOT NULL,
    run_id         bigint          NULL,
    reference      text            NULL,
    prev_hash      bytea           NOT NULL CHECK (length(prev_hash) = 32),
    hash           bytea           NOT NULL CHECK (length(hash) = 32),

    CONSTRAINT pk_ledger_transfers PRIMARY KEY (position),
    CONSTRAINT uq_ledger_transfers_id UNIQUE (transfer_id)
);

CREATE INDEX ix_ledger_transfers_debit ON ledger_transfers (debit_account, position);
CREATE INDEX ix_ledger_transfers_credit ON ledger_transfers (credit_account, position);
CREATE INDEX ix_ledger_transfers_allocation ON ledger_transfers (allocation_id, position) WHERE allocation_id IS NOT NULL;

-- Each account's balance as the transfers left it; holder is the tenant whose money it is (an escrow's buyer), so a
-- tenant's balances are one indexed read.
CREATE TABLE ledger_accounts
(
    account     text            NOT NULL,
    holder      text            NOT NULL,
    kind        text            NOT NULL,
    balance     numeric(38, 12) NOT NULL,
    pending_out numeric(38, 12) NOT NULL DEFAULT 0 CHECK (pending_out >= 0),

    CONSTRAINT pk_ledger_accounts PRIMARY KEY (account)
);

CREATE INDEX ix_ledger_accounts_holder ON ledger_accounts (holder, kind);

-- The ledger's one writer at a time, on any silo: whoever appends locks this table EXCLUSIVE for its transaction.
-- Like ledger_gate (migration 0019) it is granted to no one, so no other login can stall the writer.
CREATE TABLE ledger_writer ();

REVOKE ALL ON ledger_writer FROM PUBLIC;

-- Every settlement run, with the configuration it ran under, pinned so that a replay uses the same: the terms, the
-- schedule and the models' weights. funded_through: the delivery periods starting up to it are funded.
CREATE TABLE settlement_runs
(
    run_id         bigint      NOT NULL CHECK (run_id > 0),
    at             timestamptz NOT NULL,
    funded_through timestamptz NOT NULL,
    configuration  text        NOT NULL,

    CONSTRAINT pk_settlement_runs PRIMARY KEY (run_id)
);

-- Each funded allocation's settlement state: what it is, how far it is settled and when its next step is due (null
-- once closed), with what regulators' flows group by. Derived: a replay from settlement_intervals and the readings rebuilds it.
CREATE TABLE settlement_allocations
(
    allocation_id        text            NOT NULL,
    buyer_id             text            NOT NULL,
    provider_id          text            NOT NULL,
    cluster_id           text            NOT NULL,
    region               text            NOT NULL,
    buyer_jurisdiction   text            NOT NULL,
    model                text            NOT NULL,
    quantity             bigint          NOT NULL CHECK (quantity > 0),
    price_micros         bigint          NOT NULL CHECK (price_micros > 0),
    period_start         timestamptz     NOT NULL,
    period_end           timestamptz     NOT NULL,
    funded_run           bigint          NOT NULL REFERENCES settlement_runs (run_id),
    settled_intervals    integer         NOT NULL DEFAULT 0 CHECK (settled_intervals >= 0),
    reading_sequence     bigint          NOT NULL DEFAULT 0,
    input_tokens         bigint          NOT NULL DEFAULT 0,
    cached_input_tokens  bigint          NOT NULL DEFAULT 0,
    output_tokens        bigint          NOT NULL DEFAULT 0,
    requests             bigint          NOT NULL DEFAULT 0,
    requests_meeting_slo bigint          NOT NULL DEFAULT 0,
    errors               bigint          NOT NULL DEFAULT 0,
    due_at               timestamptz     NULL,

    CONSTRAINT pk_settlement_allocations PRIMARY KEY (allocation_id)
);

-- In the order runs take what is due (due_at, then id): a run reads its LIMIT rows off the index instead of sorting
-- every allocation due at the same moment, which is all of a period's at each interval.
CREATE INDEX ix_settlement_allocations_due ON settlement_allocations (due_at, allocation_id) WHERE due_at IS NOT NULL;

-- The journal of settlement: each settled interval with the reading it settled through (0: none new), so that
-- recomputing the transfers from the allocation, that reading and the run's configuration reproduces the ledger. The
-- money columns repeat what its transfers moved (charge with fee, SLO credit, refund), for deliveries and flows.
CREATE TABLE settlement_intervals
(
    allocation_id        text        NOT NULL,
    interval_no          integer     NOT NULL CHECK (interval_no >= 1),
    run_id               bigint      NOT NULL REFERENCES settlement_runs (run_id),
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    reading_sequence     bigint      NOT NULL CHECK (reading_sequence >= 0),
    delivered            bigint      NOT NULL CHECK (delivered >= 0),
    requests             bigint      NOT NULL CHECK (requests >= 0),
    requests_meeting_slo bigint      NOT NULL CHECK (requests_meeting_slo >= 0),
    credit_percent       integer     NOT NULL,
    closes               boolean     NOT NULL,
    charged              numeric(38, 12) NOT NULL,
    credited             numeric(38, 12) NOT NULL,
    refunded             numeric(38, 12) NOT NULL,

    CONSTRAINT pk_settlement_intervals PRIMARY KEY (allocation_id, interval_no)
);

CREATE INDEX ix_settlement_intervals_run ON settlement_intervals (run_id);
