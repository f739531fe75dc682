-- Regulators' own tools read notional computed from quantity and price, which the hash chain covers, rather than the
-- stored column, which it does not: an edited notional then changes nothing they see, and verify names it.
CREATE OR REPLACE VIEW regulator.allocations AS
SELECT allocation_id, market_id, model, period_start, period_end, buyer_id, buyer_jurisdiction, buy_order_id,
       provider_id, cluster_id, region, sell_order_id, quantity,
       price_micros::numeric / 1000000 AS price,
       (quantity::numeric * price_micros * 0.000000000001)::numeric(38, 12) AS notional,
       matched_at, sequence,
       encode(hash, 'hex') AS hash, encode(prev_hash, 'hex') AS prev_hash
FROM public.allocations;
