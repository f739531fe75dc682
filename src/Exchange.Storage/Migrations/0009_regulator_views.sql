-- Read-only SQL access for regulators who use their own tools. The views run with their owner's rights, so a
-- member of exchange_regulator reads the ledger through them and nothing else: not the tables, not API key hashes,
-- and writes nowhere. A regulator's login: CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE exchange_regulator;
DO $$
BEGIN
    CREATE ROLE exchange_regulator NOLOGIN;
EXCEPTION
    -- Roles are shared by every database of the server: another database (or a concurrent migration) made it first.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

CREATE SCHEMA regulator;

-- Every allocation, with the fields of the API contract as snake_case columns; price and notional in USD.
CREATE VIEW regulator.allocations AS
SELECT allocation_id, market_id, model, period_start, period_end, buyer_id, buyer_jurisdiction, buy_order_id,
       provider_id, cluster_id, region, sell_order_id, quantity,
       price_micros::numeric / 1000000 AS price, notional, matched_at, sequence,
       encode(hash, 'hex') AS hash, encode(prev_hash, 'hex') AS prev_hash
FROM public.allocations;

-- Every order as it stands now.
CREATE VIEW regulator.orders AS
SELECT order_id, market_id, tenant_id, client_order_id,
       CASE side WHEN 0 THEN 'buy' ELSE 'sell' END AS side,
       CASE kind WHEN 0 THEN 'limit' ELSE 'market' END AS type,
       CASE time_in_force WHEN 0 THEN 'GTC' WHEN 1 THEN 'GTD' WHEN 2 THEN 'IOC' ELSE 'FOK' END AS time_in_force,
       CASE WHEN kind = 0 THEN price_micros::numeric / 1000000 END AS price,
       quantity, filled_quantity, remaining_quantity, cancelled_quantity, filled_notional,
       CASE status WHEN 0 THEN 'open' WHEN 1 THEN 'partially_filled' WHEN 2 THEN 'filled' WHEN 3 THEN 'cancelled' ELSE 'expired' END AS status,
       cluster_id, period_start, created_at
FROM public.orders;

-- Each order's acceptance and fills with their times and journal sequences. Reductions, and the time of a cancel
-- or an expiry, live only in the journal's commands: GET /v1/regulator/orders/{id}/lifecycle replays them.
CREATE VIEW regulator.order_events AS
SELECT order_id, 'accepted' AS type, created_at AS at, sequence, quantity,
       CASE WHEN kind = 0 THEN price_micros::numeric / 1000000 END AS price, NULL::text AS allocation_id
FROM public.orders
UNION ALL
SELECT buy_order_id, 'fill', matched_at, journal_sequence, quantity, price_micros::numeric / 1000000, allocation_id
FROM public.allocations
UNION ALL
SELECT sell_order_id, 'fill', matched_at, journal_sequence, quantity, price_micros::numeric / 1000000, allocation_id
FROM public.allocations;

GRANT USAGE ON SCHEMA regulator TO exchange_regulator;
GRANT SELECT ON regulator.allocations, regulator.orders, regulator.order_events TO exchange_regulator;
