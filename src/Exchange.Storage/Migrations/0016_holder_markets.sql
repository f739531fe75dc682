-- The markets each tenant and cluster has orders in, so that their grains can ask those markets for the orders they hold
-- (open ones, in memory) instead of relying on a row per order. A pair is inserted in the same transaction as the journal
-- batch holding the holder's first order in the market, so it exists exactly when such an order does; a rejected order
-- stores nothing. A grain deletes its pair once the market is closed and holds nothing more of its orders.
CREATE TABLE holder_markets
(
    holder    text NOT NULL,   -- 'tenant:<id>' or 'cluster:<id>', as in reservation_epochs
    market_id text NOT NULL,

    CONSTRAINT pk_holder_markets PRIMARY KEY (holder, market_id)
);
