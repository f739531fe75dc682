-- A cluster's capacity is checked by one cluster grain activation at a time, but when that activation is replaced (its
-- silo died), a sell the old one reserved can still be on its way to its market. Journaled after the new activation
-- rebuilt its capacity from the order projection, it would not be counted, and the new activation could sell the same
-- capacity again. Each activation therefore takes the next epoch of its cluster here before it reads the projection,
-- every sell carries the epoch of the activation that reserved it, and the journal batch holding the sell locks the
-- cluster's row FOR SHARE and requires that epoch still current. The increment waits for batches holding the row and
-- they wait for it, so a sell is either journaled before the new activation reads the projection, or refused.
CREATE TABLE cluster_epochs
(
    cluster_id text   NOT NULL,
    epoch      bigint NOT NULL,

    CONSTRAINT pk_cluster_epochs PRIMARY KEY (cluster_id)
);
