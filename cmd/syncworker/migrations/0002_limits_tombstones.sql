-- Issue 12: the quota needs each vault's size, and a deleted or expired
-- vault stays as a tombstone so that its id cannot be taken over.
ALTER TABLE vaults ADD COLUMN size INTEGER NOT NULL DEFAULT 0;   -- length(data), summed for MAX_TOTAL_BYTES
ALTER TABLE vaults ADD COLUMN deleted_at INTEGER;                -- unix seconds; set: a tombstone
UPDATE vaults SET size = length(data);
CREATE INDEX vaults_size ON vaults (size);                        -- sum(size) without reading the rows
