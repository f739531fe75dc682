-- Three of the ledger's eight indexes go (issue 21). Every allocation inserted every one of them inside the acknowledging
-- transaction, and index insertions were most of PostgreSQL's work per order: a build without these three took 56-62
-- instead of 68-78 µs of the machine's CPU outside the silo per order (docs/performance.md, session 11).

-- An allocation's id is its market and its place in that market's chain, so the chain's key already makes it unique;
-- the check keeps the id what the key says.
ALTER TABLE allocations
    ADD CONSTRAINT ck_allocations_id CHECK (allocation_id = market_id || '.a' || sequence);
ALTER TABLE allocations DROP CONSTRAINT uq_allocations_id;

-- The allocations of an order were found through indexes on both order ids. A finished order's row now carries them
-- (the market knows them when it stores the row), and an open order lives in its market, which answers for it.
ALTER TABLE orders ADD COLUMN allocation_ids text[] NOT NULL DEFAULT '{}';

UPDATE orders AS o
SET allocation_ids = ids.allocation_ids
FROM (
    SELECT o2.order_id, array_agg(a.allocation_id ORDER BY a.sequence) AS allocation_ids
    FROM orders AS o2
    JOIN allocations AS a ON a.market_id = o2.market_id AND (a.buy_order_id = o2.order_id OR a.sell_order_id = o2.order_id)
    WHERE o2.filled_quantity > 0
    GROUP BY o2.order_id) AS ids
WHERE o.order_id = ids.order_id;

-- Fills of finished orders, found through their rows; an open order's events come from the lifecycle endpoint, which
-- replays the journal. Columns as before.
CREATE OR REPLACE VIEW regulator.order_events AS
SELECT order_id, 'accepted' AS type, created_at AS at, sequence, quantity,
       CASE WHEN kind = 0 THEN price_micros::numeric / 1000000 END AS price, NULL::text AS allocation_id
FROM public.orders
UNION ALL
SELECT o.order_id, 'fill', a.matched_at, a.journal_sequence, a.quantity, a.price_micros::numeric / 1000000, a.allocation_id
FROM public.orders AS o
CROSS JOIN LATERAL unnest(o.allocation_ids) AS f(allocation_id)
JOIN public.allocations AS a ON a.market_id = o.market_id AND a.sequence = substr(f.allocation_id, length(o.market_id) + 3)::bigint;

COMMENT ON VIEW regulator.order_events IS
    'Acceptance and fills of every finished order (filled, cancelled or expired). Reductions, cancels, expiries and open orders: GET /v1/regulator/orders/{id}/lifecycle.';

DROP INDEX ix_allocations_buy_order;
DROP INDEX ix_allocations_sell_order;
