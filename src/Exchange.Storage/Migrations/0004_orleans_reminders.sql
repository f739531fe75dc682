-- Read by: Microsoft.Orleans.Reminders.AdoNet 10.4.2 (AdoNetReminderTable), invariant "Npgsql".
--
-- Contract, as the 10.4.2 assembly binds it (startup fails if any key is missing):
--     ReadReminderRowsKey   @ServiceId @GrainId
--     ReadReminderRowKey    @ServiceId @GrainId @ReminderName          (first row is used)
--     ReadRangeRows1Key     @ServiceId @BeginHash @EndHash   used when (int)begin < (int)end
--     ReadRangeRows2Key     @ServiceId @BeginHash @EndHash   used otherwise (wrapping range)
--     UpsertReminderRowKey  @ServiceId @GrainId @ReminderName @StartTime @Period @GrainHash
--                           -> one row, column Version = the row's new version
--     DeleteReminderRowKey  @ServiceId @GrainId @ReminderName @Version
--                           -> one row, one column, true when the row was deleted
--     DeleteReminderRowsKey @ServiceId                            (result ignored)
--   Reads return, by name: GrainId (text), ReminderName (text), StartTime (read with
--   GetDateTime), Period (read with GetInt64: milliseconds) and Version (int).
--   Bound types: @GrainId text (DbType.AnsiString), @ServiceId/@ReminderName text,
--   @StartTime UTC DateTime (DbType.DateTime), @Period int4 when it fits in 32 bits and int8
--   otherwise, @GrainHash/@BeginHash/@EndHash int4 (the provider's uint hash cast to a
--   signed int), @Version int4.
--   The 10.x cron/priority/action reminder columns belong to the separate "advanced"
--   reminders package; this provider never binds them, so they are not here (a query
--   naming an unbound @CronExpression would not even parse).
--
-- Why this shape:
--  * Hashes are stored signed (int4) exactly as bound, and the range split the provider
--    makes is in signed order, so: range 1 is begin < hash <= end; range 2 is the wrap
--    around, hash > begin OR hash <= end (begin = end therefore means the whole ring).
--  * Period is bigint because the provider reads it as Int64 and binds int8 for periods
--    longer than ~24.8 days.
--  * StartTime is timestamptz: Npgsql writes UTC DateTimes only to timestamptz.
--  * The upsert is a single INSERT ... ON CONFLICT, which is atomic without a function,
--    and bumps Version on every overwrite so stale deletes (etag check) fail.
--  * The (serviceid, grainhash) index serves the range reads each silo makes for its
--    slice of the ring; the primary key serves the per-grain reads.

CREATE TABLE orleansreminderstable
(
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,
    version      integer     NOT NULL,

    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX ix_orleansreminderstable_serviceid_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadReminderRowsKey', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainid = @GrainId;
$sql$),

('ReadReminderRowKey', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainid = @GrainId
  AND remindername = @ReminderName;
$sql$),

('ReadRangeRows1Key', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainhash > @BeginHash
  AND grainhash <= @EndHash;
$sql$),

('ReadRangeRows2Key', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$sql$),

('UpsertReminderRowKey', $sql$
INSERT INTO orleansreminderstable AS r
    (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT ON CONSTRAINT pk_orleansreminderstable DO UPDATE
SET starttime = excluded.starttime,
    period    = excluded.period,
    grainhash = excluded.grainhash,
    version   = r.version + 1
RETURNING r.version;
$sql$),

('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId
      AND grainid = @GrainId
      AND remindername = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT count(*) > 0 FROM deleted;
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM orleansreminderstable
WHERE serviceid = @ServiceId;
$sql$);
