-- Read by: Microsoft.Orleans.Persistence.AdoNet 10.4.2 (AdoNetGrainStorage), invariant "Npgsql".
--
-- Contract, as the 10.4.2 assembly binds it:
--   At init it selects WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (required) and
--   DeleteStorageKey (optional; required only with DeleteStateOnClear = true).
--   Every query gets the grain key parameters:
--     @GrainIdHash int4, @GrainIdN0 int8, @GrainIdN1 int8, @GrainTypeHash int4,
--     @GrainTypeString text, @GrainIdExtensionString text (NULL when the key has no
--     string part), @ServiceId text
--   plus, for write/clear/delete, @GrainStateVersion int4 (NULL = "never read a row",
--   i.e. first write), and for write @PayloadBinary bytea.
--     ReadFromStorageKey -> at most one row; columns PayloadBinary (bytea, NULL = no state)
--                           and Version (int, NULL allowed), read by name.
--     WriteToStorageKey  -> one row with column NewGrainStateVersion = the new version,
--                           or NULL / no row when the expected version did not match.
--     ClearStorageKey    -> first column = the new version; no row when it did not match.
--     DeleteStorageKey   -> first column = any value different from @GrainStateVersion;
--                           no row when it did not match.
--   The provider raises InconsistentStateException when the value returned is NULL, empty,
--   or equal to the version it passed in, so a mismatch must never report a version.
--   10.x serialises state itself and only ever binds/reads PayloadBinary: there are no
--   @PayloadJson / @PayloadXml parameters any more, so no such columns here.
--
-- Why this shape:
--  * One statement per key, no stored functions: the conditional UPDATE / INSERT pair for a
--    write fits in data-modifying CTEs, and only the branch matching @GrainStateVersion
--    (NULL -> insert, otherwise -> update) can touch a row.
--  * The full grain key is UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+), so the absent key
--    extension (NULL) counts as a value. Two activations racing to write a brand-new
--    grain cannot both insert: the loser's ON CONFLICT DO NOTHING returns no version and
--    the provider reports the conflict, as it does for a stale update.
--  * The hashes lead the unique index because they are the most selective equality
--    columns the provider sends; the strings stay in the key so a hash collision between
--    two grains can never merge their state.
--  * ClearStorageKey keeps the row (payload NULL, version + 1): a grain that re-activates
--    after a clear then still reads a version, so its next write is a checked update and
--    not a blind insert.
--  * modifiedon is for operators only; the provider never reads it.

CREATE TABLE orleansstorage
(
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text        NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer     NOT NULL,

    CONSTRAINT uq_orleansstorage_grain UNIQUE NULLS NOT DISTINCT
        (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring, grainidextensionstring)
);

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadFromStorageKey', $sql$
SELECT payloadbinary, version
FROM orleansstorage
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString;
$sql$),

-- With a version: update only if it still matches. Without one: insert version 1 only if
-- the grain has no row at all. Whatever did not happen yields NULL, which the provider
-- turns into InconsistentStateException.
('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary,
        modifiedon = now(),
        version = version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleansstorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
         grainidextensionstring, serviceid, payloadbinary, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT uq_orleansstorage_grain DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM updated
        UNION ALL
        SELECT version FROM inserted
        LIMIT 1) AS newgrainstateversion;
$sql$),

('ClearStorageKey', $sql$
UPDATE orleansstorage
SET payloadbinary = NULL,
    modifiedon = now(),
    version = version + 1
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS newgrainstateversion;
$sql$),

-- Offered so DeleteStateOnClear = true can be switched on without a migration. The row is
-- gone afterwards, so the returned number only has to differ from the version passed in.
('DeleteStorageKey', $sql$
DELETE FROM orleansstorage
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version + 1 AS newgrainstateversion;
$sql$);
