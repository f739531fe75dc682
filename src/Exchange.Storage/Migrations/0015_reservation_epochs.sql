-- Tenant and cluster grains hold reservations (a buyer's credit, a cluster's capacity) that they rebuild from the order
-- projection when they activate. When an activation is replaced (its silo died), an order the old one admitted can still
-- be on its way to its market. Journaled after the new activation read the projection, it would not be counted, and the
-- new activation could give the same credit or capacity to another order. Each activation therefore takes the next epoch
-- of its holder here before it reads the projection; every order carries the epochs of the activations that admitted it;
-- and the journal batch holding the order locks those rows FOR SHARE and requires the epochs still current. The increment
-- waits for batches holding the row and they wait for it, so such an order is either journaled before the new activation
-- reads the projection, or refused.
CREATE TABLE reservation_epochs
(
    holder text   NOT NULL,   -- 'tenant:<id>' or 'cluster:<id>'
    epoch  bigint NOT NULL,

    CONSTRAINT pk_reservation_epochs PRIMARY KEY (holder)
);
