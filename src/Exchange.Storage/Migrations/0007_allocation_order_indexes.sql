-- An order that left its market's memory is answered from the projection, with the allocations it took
-- part in; regulators' order lifecycles read the same. Without these, that is a scan of the ledger.
CREATE INDEX ix_allocations_buy_order ON allocations (buy_order_id);
CREATE INDEX ix_allocations_sell_order ON allocations (sell_order_id);
