-- A journal batch commits in the same round trip that sends it: its statements run in the implicit transaction of one
-- protocol Sync, and the server commits when the last one succeeds. The checks the writer used to make on the row counts
-- before its COMMIT are therefore made here, by the statements themselves: a failing check raises, which rolls back
-- every statement of the batch. The error code says which check failed (see JournalSql).
CREATE FUNCTION journal_expect_rows(actual bigint, expected bigint, error_code text, message text) RETURNS bigint
    LANGUAGE plpgsql AS $fn$
BEGIN
    IF actual <> expected THEN
        RAISE EXCEPTION USING ERRCODE = error_code, MESSAGE = format('%s (%s of %s rows)', message, actual, expected);
    END IF;
    RETURN actual;
END
$fn$;
