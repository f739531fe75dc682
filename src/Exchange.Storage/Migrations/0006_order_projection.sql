-- Every order's current state, kept by the market grains in the SAME transaction as the journal
-- batch that changed it. It is a projection (the journal stays the truth), and because it can
-- never disagree with the journal it is what tenant-quota and GPU-cluster grains rebuild their
-- reservations from after a crash, and what order listings read.
CREATE TABLE orders
(
    order_id              text            NOT NULL,
    market_id             text            NOT NULL,
    sequence              bigint          NOT NULL,
    tenant_id             text            NOT NULL,
    client_order_id       text            NOT NULL,
    side                  smallint        NOT NULL,   -- 0 buy, 1 sell
    kind                  smallint        NOT NULL,   -- 0 limit, 1 market
    time_in_force         smallint        NOT NULL,   -- 0 GTC, 1 GTD, 2 IOC, 3 FOK
    price_micros          bigint          NOT NULL,
    quantity              bigint          NOT NULL,
    filled_quantity       bigint          NOT NULL,
    remaining_quantity    bigint          NOT NULL,
    cancelled_quantity    bigint          NOT NULL,
    filled_notional       numeric(38, 12) NOT NULL,
    status                smallint        NOT NULL,   -- 0 open, 1 partially filled, 2 filled, 3 cancelled, 4 expired
    cluster_id            text            NULL,
    period_start          timestamptz     NOT NULL,
    created_at            timestamptz     NOT NULL,
    updated_sequence      bigint          NOT NULL,   -- journal sequence of the last command that changed it

    CONSTRAINT pk_orders PRIMARY KEY (order_id),
    CONSTRAINT fk_orders_journal FOREIGN KEY (market_id, sequence) REFERENCES market_journal (market_id, sequence)
);

-- Not unique: client order ids are made unique per tenant by the tenant grain before an order reaches
-- a market. A unique constraint here would turn a duplicate that slipped through (say, during a
-- tenant grain's failover) into a poisoned batch that fails every other order journaled with it.
CREATE INDEX ix_orders_client_id ON orders (tenant_id, client_order_id);

-- Reservations are rebuilt from a tenant's or a cluster's open orders.
CREATE INDEX ix_orders_tenant_open ON orders (tenant_id) WHERE remaining_quantity > 0;
CREATE INDEX ix_orders_cluster_open ON orders (cluster_id, period_start) WHERE cluster_id IS NOT NULL AND remaining_quantity > 0;
CREATE INDEX ix_orders_tenant_created ON orders (tenant_id, created_at, order_id);
