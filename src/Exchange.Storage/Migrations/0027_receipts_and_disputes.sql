-- Buyers' receipts and the disputes they open (issue 17; rules in docs/settlement.md, "Receipts and disputes").
--
-- A receipt is a buyer's own cumulative count of one allocation, numbered by the buyer, under the rules of the
-- provider's readings (no errors counter: a buyer counts what reached it). Settlement compares each interval's reading
-- with the newest receipt timed before the interval's end and settles the lower count when they differ beyond the tolerance.
CREATE TABLE allocation_receipts
(
    allocation_id        text        NOT NULL,
    sequence             bigint      NOT NULL CHECK (sequence >= 1),
    at                   timestamptz NOT NULL,
    input_tokens         bigint      NOT NULL CHECK (input_tokens >= 0),
    cached_input_tokens  bigint      NOT NULL CHECK (cached_input_tokens >= 0),
    output_tokens        bigint      NOT NULL CHECK (output_tokens >= 0),
    requests             bigint      NOT NULL CHECK (requests >= 0),
    requests_meeting_slo bigint      NOT NULL CHECK (requests_meeting_slo >= 0 AND requests_meeting_slo <= requests),
    received_at          timestamptz NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT pk_allocation_receipts PRIMARY KEY (allocation_id, sequence)
);

-- settled: token-equivalents charged so far (the metered count, or the buyer's where it disputed it); the receipt the
-- last interval compared with and what it counted (null: none yet); held: what was metered and not charged, oldest
-- first, as "tokens:credit percent" pairs (HeldSlice); disputed: what stays in escrow after close until the dispute
-- ends (then due_at is the dispute's deadline).
ALTER TABLE settlement_allocations
    ADD COLUMN settled          bigint NOT NULL DEFAULT 0 CHECK (settled >= 0),
    ADD COLUMN receipt_sequence bigint NOT NULL DEFAULT 0,
    ADD COLUMN counted          bigint NULL,
    ADD COLUMN held             text   NOT NULL DEFAULT '',
    ADD COLUMN disputed         bigint NOT NULL DEFAULT 0 CHECK (disputed >= 0);

UPDATE settlement_allocations s
SET settled = (SELECT coalesce(sum(i.delivered), 0) FROM settlement_intervals i WHERE i.allocation_id = s.allocation_id);

-- Each interval also journals the receipt it compared with (0: none) and what it held back, cumulatively.
ALTER TABLE settlement_intervals
    ADD COLUMN receipt_sequence bigint NOT NULL DEFAULT 0 CHECK (receipt_sequence >= 0),
    ADD COLUMN disputed         bigint NOT NULL DEFAULT 0 CHECK (disputed >= 0);

-- A dispute open at close, and how it ended: resolved by an operator (awarded: the disputed token-equivalents found
-- delivered) or expired (none). The outcome is an input of settlement like a reading: a replay charges and refunds
-- from it. starts_at is the last interval's start, the day regulators' flows count the outcome in.
CREATE TABLE settlement_disputes
(
    allocation_id text            NOT NULL REFERENCES settlement_allocations (allocation_id),
    opened_run    bigint          NOT NULL REFERENCES settlement_runs (run_id),
    disputed      bigint          NOT NULL CHECK (disputed > 0),
    starts_at     timestamptz     NOT NULL,
    due_at        timestamptz     NOT NULL,
    outcome       text            NULL CHECK (outcome IN ('resolved', 'expired')),
    awarded       bigint          NULL,
    resolved_by   text            NULL,
    reason        text            NULL,
    ended_at      timestamptz     NULL,
    charged       numeric(38, 12) NOT NULL DEFAULT 0,
    credited      numeric(38, 12) NOT NULL DEFAULT 0,
    refunded      numeric(38, 12) NOT NULL DEFAULT 0,

    CONSTRAINT pk_settlement_disputes PRIMARY KEY (allocation_id),
    CONSTRAINT ck_settlement_disputes_outcome CHECK ((outcome IS NULL) = (awarded IS NULL) AND (outcome IS NULL) = (ended_at IS NULL)
        AND (awarded IS NULL OR awarded BETWEEN 0 AND disputed))
);
