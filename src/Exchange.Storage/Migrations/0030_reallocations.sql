-- Issue 18: an allocation made by re-allocating a failed cluster's remainder names the allocation it replaces. Null for
-- every trade; its hash covers it (AllocationHasher, canonical form 2), so the chain keeps the lineage honest.
ALTER TABLE allocations ADD COLUMN parent_allocation_id text NULL;

-- A regulator follows a lineage from the root down: the children of an allocation, by parent.
CREATE INDEX ix_allocations_parent ON allocations (parent_allocation_id) WHERE parent_allocation_id IS NOT NULL;
