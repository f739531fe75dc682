-- Read by: every Orleans ADO.NET provider we use (Microsoft.Orleans.Clustering.AdoNet,
-- Microsoft.Orleans.Persistence.AdoNet, Microsoft.Orleans.Reminders.AdoNet, all 10.4.2,
-- invariant "Npgsql").
--
-- Contract: at startup each provider runs, verbatim,
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- (persistence adds a WHERE on its own four keys) and reads the two columns by name.
-- Each later call runs the QueryText stored under a fixed QueryKey, binding @Name
-- parameters through Npgsql. Clustering and reminders refuse to start if any of their
-- keys is missing; persistence fails on its first missing key.
--
-- Why this shape:
--  * The provider's SQL is unquoted, so PostgreSQL folds it to orleansquery/querykey/
--    querytext; the names here are lowercase so they match without quoting.
--  * QueryKey is the primary key: the providers turn the rows into a dictionary and
--    throw on a duplicate key, so a duplicate must be impossible to store.
--  * QueryText is text, not varchar(n): some stored statements are long, and a length
--    cap would only add a way for a migration to fail.
--  * This table holds only the provider query catalogue. The tables each provider uses
--    are created, together with their rows, by 0002-0004, so each provider's schema
--    and its queries change in one migration.

CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,

    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);
