-- Pages of the ledger are read oldest match first, but a journal batch commits some time after its commands were
-- matched, and batches from different silos commit in no particular order. A reader that served a page up to some
-- matched_at could therefore later miss a row with an earlier matched_at committed after it. The horizon closes that
-- gap: readers serve only rows matched before settled_before, and writers refuse rows matched before it.
-- Writers hold advisory lock 4705219571077301586 shared for their transaction; whoever advances the horizon holds it
-- exclusively, so no writer is in flight while it moves and every writer after it sees the new value.
CREATE TABLE ledger_horizon
(
    singleton      boolean     NOT NULL DEFAULT true CHECK (singleton),
    settled_before timestamptz NOT NULL,

    CONSTRAINT pk_ledger_horizon PRIMARY KEY (singleton)
);

INSERT INTO ledger_horizon (settled_before) VALUES ('-infinity');

-- Rows of regulator.allocations matched before settled_before are final: no allocation will ever be added before it.
CREATE VIEW regulator.ledger_horizon AS
SELECT settled_before FROM public.ledger_horizon;

GRANT SELECT ON regulator.ledger_horizon TO exchange_regulator;

-- A delivery-period filter reads each period's rows in match order and merges them.
CREATE INDEX ix_allocations_delivery ON allocations (period_start, matched_at, market_id, sequence);
