-- The ledger's gate, in place of advisory lock 4705219571077301586 (migration 0011). Any login to this database can take
-- an advisory lock, a regulator's included, and one held exclusively stalled every writer of allocations. A table lock
-- needs a privilege on the table, and this table is granted to no one: only its owner, the exchange, can lock it.
-- Writers lock it ROW EXCLUSIVE (they do not conflict with each other); whoever moves the horizon locks it EXCLUSIVE,
-- which waits for the writers in flight and holds new ones back until it commits.
CREATE TABLE ledger_gate ();

REVOKE ALL ON ledger_gate FROM PUBLIC;

-- A journal batch runs in the implicit transaction of one protocol Sync, where PostgreSQL refuses a LOCK statement;
-- inside a function the lock is taken all the same and held until that transaction ends.
CREATE FUNCTION enter_ledger_gate() RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    LOCK TABLE ledger_gate IN ROW EXCLUSIVE MODE;
END
$$;

REVOKE EXECUTE ON FUNCTION enter_ledger_gate() FROM PUBLIC;
