-- The order store holds finished orders only. Writing each order's row in the journal transaction, and again at every
-- fill, cost about half of the machine's work per order; open orders now live in their markets (memory, snapshots and
-- the journal), which answer tenants, clusters and listings for them, and a market stores an order here once it has
-- finished, in bulk, behind the journal. Rows are inserted once and never updated.

-- Tenants and clusters ask the markets recorded for them (migration 0016) for their open orders; record those of the
-- orders still open here before their rows go.
INSERT INTO holder_markets (holder, market_id)
SELECT DISTINCT 'tenant:' || tenant_id, market_id FROM orders WHERE remaining_quantity > 0
UNION
SELECT DISTINCT 'cluster:' || cluster_id, market_id FROM orders WHERE remaining_quantity > 0 AND cluster_id IS NOT NULL
ON CONFLICT (holder, market_id) DO NOTHING;

DELETE FROM orders WHERE remaining_quantity > 0;

-- Nothing reads open orders here any more.
DROP INDEX ix_orders_tenant_open;

COMMENT ON VIEW regulator.orders IS
    'Every finished order (filled, cancelled or expired) in its final state. Open orders live in their markets: GET /v1/regulator/orders/{id}/lifecycle replays any order from the journal.';
COMMENT ON VIEW regulator.order_events IS
    'Acceptance (of finished orders) and fills. Reductions, cancels, expiries and open orders: GET /v1/regulator/orders/{id}/lifecycle.';
