-- What each tenant has spent on buys in each market, kept as finished orders are stored, so that a tenant grain's
-- activation reads its spend in markets it no longer trades in as one row per market, not every order it ever placed.
CREATE TABLE tenant_market_spend
(
    tenant_id       text            NOT NULL,
    market_id       text            NOT NULL,
    filled_notional numeric(38, 12) NOT NULL,

    CONSTRAINT pk_tenant_market_spend PRIMARY KEY (tenant_id, market_id)
);

-- Held until this migration commits, so no order stored meanwhile is missed by the sum below.
LOCK TABLE orders IN SHARE MODE;

INSERT INTO tenant_market_spend (tenant_id, market_id, filled_notional)
SELECT tenant_id, market_id, sum(filled_notional) FROM orders WHERE side = 0 GROUP BY tenant_id, market_id;

-- An activation reads the stored orders of the markets it still trades in.
CREATE INDEX ix_orders_tenant_market ON orders (tenant_id, market_id);
