-- One journal row per market batch instead of one per command (issue 21). Inserting a row and its key into the journal
-- for every command was, with the ledger's rows, most of PostgreSQL's work per acknowledged order; a market's group-commit
-- batch now becomes one row holding its commands (JournalBatchCodec: each a big-endian 32-bit length and the bytes).
-- Rows are keyed by their first sequence: two writers that both read the same journal end want the same first sequence,
-- so the second is refused by the key, as two writers of one sequence were before. Batches are dense: each starts one
-- after the previous one's last.
CREATE TABLE market_journal_batches
(
    market_id      text        NOT NULL,
    first_sequence bigint      NOT NULL CHECK (first_sequence > 0),
    last_sequence  bigint      NOT NULL,
    commands       bytea       NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_market_journal_batches PRIMARY KEY (market_id, first_sequence),
    CONSTRAINT ck_market_journal_batches_range CHECK (last_sequence >= first_sequence)
);

-- The commands journaled so far, each its own batch.
INSERT INTO market_journal_batches (market_id, first_sequence, last_sequence, commands, recorded_at)
SELECT market_id, sequence, sequence, int4send(length(command)) || command, recorded_at
FROM market_journal;

-- The ledger's key to the journal named a command's row, which no longer exists. Allocations are written in the same
-- transaction as the batch holding their command, and a writer whose batch is refused writes nothing, so the key
-- guarded nothing the journal's own key does not.
ALTER TABLE allocations DROP CONSTRAINT fk_allocations_journal;

DROP TABLE market_journal;
