-- Read by: Microsoft.Orleans.Clustering.AdoNet 10.4.2 (AdoNetClusteringTable on silos,
-- AdoNetGatewayListProvider on clients), invariant "Npgsql".
--
-- Contract, as the 10.4.2 assembly binds it (parameters are @Name, types as the
-- provider sets DbType):
--   Keys it requires (startup fails with "Not all required queries found" without them):
--     InsertMembershipVersionKey      @DeploymentId                        -> 1 row, 1 column, bool
--     InsertMembershipKey             @DeploymentId @Address @Port @Generation @SiloName
--                                     @HostName @Status @ProxyPort @StartTime @IAmAliveTime
--                                     @Version                             -> 1 row, 1 column, bool
--     UpdateMembershipKey             @DeploymentId @Address @Port @Generation @Status
--                                     @SuspectTimes @IAmAliveTime @Version -> 1 row, 1 column, bool
--     UpdateIAmAlivetimeKey           @DeploymentId @Address @Port @Generation @IAmAliveTime
--                                     (result ignored; note the lowercase "t" in the key)
--     MembershipReadRowKey            @DeploymentId @Address @Port @Generation
--     MembershipReadAllKey            @DeploymentId
--     GatewaysQueryKey                @DeploymentId @Status (always 3 = Active)
--                                     -> Address, ProxyPort, Generation
--     DeleteMembershipTableEntriesKey @DeploymentId
--     CleanupDefunctSiloEntriesKey    @DeploymentId @IAmAliveTime (the cutoff)
--   Key it uses when present (10.4.x; preferred over CleanupDefunctSiloEntriesKey):
--     CleanupDefunctSiloEntryKey      @DeploymentId @Address @Port @Generation @StartTime
--                                     @IAmAliveTime @SuspectTimes (values it just read)
--   Read-row/read-all columns, looked up by name: Address, Port, Generation, SiloName,
--   HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version. At least one
--   row must come back (the version row), with NULL member columns when there is no silo:
--   the provider takes the table version from the first row and treats a NULL StartTime
--   as "no member here".
--   Bound types: @DeploymentId/@SiloName/@HostName/@SuspectTimes text, @Address text
--   (DbType.AnsiString), @Port/@Generation/@Status/@ProxyPort/@Version int4, times are UTC
--   System.DateTime with DbType.DateTime.
--
-- Why this shape:
--  * Times are timestamptz: the provider hands Npgsql UTC DateTimes, which Npgsql (6+) only
--    writes as timestamptz; a plain timestamp column would make Npgsql throw on write.
--    Reading timestamptz gives a UTC DateTime back, which is what the provider expects.
--  * Integer columns are int4 because the provider reads them with GetInt32 and binds int.
--  * The version row is the optimistic-concurrency token of the whole deployment. Insert
--    and update bump it and change the silo row in ONE statement (data-modifying CTEs), so
--    both happen or neither does, without stored functions to keep in step with the SQL.
--    The UPDATE of the version row takes its row lock, which serialises concurrent writers:
--    a writer that waited sees the new version and matches nothing.
--  * The foreign key cascades so DeleteMembershipTableEntriesKey is one statement.
--  * The defunct-silo cleanup only ever deletes silos that are Dead (status 6) and whose
--    values are still the ones the provider judged stale, so a row that came back to life
--    or changed in the meantime is kept.
--  * Unbounded text for ids/names: PostgreSQL stores text and varchar alike, and a cap
--    would only turn a long host or cluster name into a failed silo start.

CREATE TABLE orleansmembershipversiontable
(
    deploymentid text        NOT NULL,
    lastmodified timestamptz NOT NULL DEFAULT now(),
    version      integer     NOT NULL DEFAULT 0,

    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

CREATE TABLE orleansmembershiptable
(
    deploymentid text        NOT NULL,
    address      varchar(45) NOT NULL,  -- textual IPv4/IPv6, 45 covers the longest IPv6 form
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL,  -- read with GetInt32, so NULL would break the reader
    suspecttimes text        NULL,      -- "silo,time|silo,time" list owned by Orleans
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,

    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid) ON DELETE CASCADE
);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Returns true only for the caller that created the deployment's version row; a second
-- caller (another silo starting at the same time) gets false and carries on.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM created;
$sql$),

-- The version bump is conditioned on the expected version and on the silo not existing
-- yet; the silo row is inserted only from the bumped version row.
('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleansmembershipversiontable AS v
    SET version = v.version + 1,
        lastmodified = now()
    WHERE v.deploymentid = @DeploymentId
      AND v.version = @Version
      AND NOT EXISTS (
          SELECT 1
          FROM orleansmembershiptable AS e
          WHERE e.deploymentid = @DeploymentId
            AND e.address = @Address
            AND e.port = @Port
            AND e.generation = @Generation)
    RETURNING v.deploymentid
), inserted AS (
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport,
         suspecttimes, starttime, iamalivetime)
    SELECT b.deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           NULL, @StartTime, @IAmAliveTime
    FROM bumped AS b
    ON CONFLICT ON CONSTRAINT pk_orleansmembershiptable DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM inserted;
$sql$),

-- Same pattern as the insert: the silo row changes only through a successful bump.
('UpdateMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleansmembershipversiontable AS v
    SET version = v.version + 1,
        lastmodified = now()
    WHERE v.deploymentid = @DeploymentId
      AND v.version = @Version
      AND EXISTS (
          SELECT 1
          FROM orleansmembershiptable AS e
          WHERE e.deploymentid = @DeploymentId
            AND e.address = @Address
            AND e.port = @Port
            AND e.generation = @Generation)
    RETURNING v.deploymentid
), updated AS (
    UPDATE orleansmembershiptable AS m
    SET status = @Status,
        suspecttimes = @SuspectTimes,
        iamalivetime = @IAmAliveTime
    FROM bumped AS b
    WHERE m.deploymentid = b.deploymentid
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*) > 0 FROM updated;
$sql$),

-- Heartbeats deliberately do not bump the version: Orleans treats IAmAlive as a
-- last-writer-wins field outside the table's optimistic concurrency.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
$sql$),

-- The version row drives the result so the caller gets the table version even when the
-- silo has no row (member columns are then NULL).
('MembershipReadRowKey', $sql$
SELECT v.deploymentid,
       m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime,
       v.version
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
$sql$),

('MembershipReadAllKey', $sql$
SELECT v.deploymentid,
       m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime,
       v.version
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m
       ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
$sql$),

-- A proxy port of 0 means the silo accepts no client connections.
('GatewaysQueryKey', $sql$
SELECT address, proxyport, generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
  AND status = @Status
  AND proxyport > 0;
$sql$),

-- Silo rows go with the version row through the cascading foreign key.
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleansmembershipversiontable
WHERE deploymentid = @DeploymentId;
$sql$),

-- Fallback that 10.4.2 only runs if CleanupDefunctSiloEntryKey is absent. It cannot weigh
-- the individual suspicion votes in SQL, so it leaves any row that carries votes alone.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
  AND status = 6
  AND iamalivetime < @IAmAliveTime
  AND starttime < @IAmAliveTime
  AND coalesce(suspecttimes, '') = '';
$sql$),

-- The provider has already decided (in .NET) that this Dead silo is stale; the row is
-- removed only if it still holds exactly the values that decision was based on. An empty
-- vote list may be stored as NULL and bound as '' (or the reverse), so both sides are
-- normalised.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND starttime = @StartTime
  AND iamalivetime = @IAmAliveTime
  AND coalesce(suspecttimes, '') = coalesce(@SuspectTimes, '');
$sql$);
