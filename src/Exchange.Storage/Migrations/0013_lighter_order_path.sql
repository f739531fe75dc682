-- Two costs under load: a check on every order that guards nothing the journal append does not, and snapshot compression.

-- The projection's foreign key to the journal ran a referential check (a query plus a row lock on the journal row) for
-- every order inserted: about a sixth of the projection's insert cost. Projection rows are written only in the same
-- transaction as their journal rows, and a writer whose journal rows were refused rolls back on its inserted-row count,
-- so the key never caught anything. The ledger keeps its key to the journal (fk_allocations_journal).
ALTER TABLE orders DROP CONSTRAINT fk_orders_journal;

-- Snapshots are large and written often under load; pglz spent several percent of the machine compressing them.
-- lz4 compresses about as well at a fraction of the CPU. Existing values keep their compression until rewritten. A
-- server built without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE market_snapshots ALTER COLUMN state SET COMPRESSION lz4;
EXCEPTION
    WHEN feature_not_supported THEN NULL;
END
$$;
