-- Cluster grains read their sell orders by cluster and delivery period, open or not (fills count as allocated
-- capacity), on activation and at every reconciliation. The open-only partial index of 0006 could not serve that
-- read, so each one scanned the whole orders table (a parallel sequential scan of 6 M rows on a bench database).
DROP INDEX ix_orders_cluster_open;
CREATE INDEX ix_orders_cluster_period ON orders (cluster_id, period_start) WHERE cluster_id IS NOT NULL;
