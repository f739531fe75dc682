-- Order listings merge the markets' open orders with a page of the store, in created time then order id, and compare
-- order ids byte by byte. The store's page and its cursor must sort the same way whatever the database's default
-- collation is (a server set up elsewhere may sort text by language rules), so the listing index orders order ids in "C".
DROP INDEX ix_orders_tenant_created;
CREATE INDEX ix_orders_tenant_created ON orders (tenant_id, created_at, order_id COLLATE "C");
