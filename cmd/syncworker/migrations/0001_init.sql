-- Mailkey sync Worker: opaque encrypted vaults, and fixed-window rate counts.
CREATE TABLE vaults (
  id         TEXT PRIMARY KEY,    -- 32 lowercase hex chars, derived by the client
  auth_hash  TEXT NOT NULL,       -- hex(SHA-256(secret)); the secret itself is never stored
  version    INTEGER NOT NULL,    -- 1 at creation, +1 per replace; the ETag
  data       BLOB NOT NULL,       -- ciphertext, opaque to the server
  created_at INTEGER NOT NULL,    -- unix seconds
  updated_at INTEGER NOT NULL,
  touched_at INTEGER NOT NULL     -- last write, or read (at most once a day)
) STRICT;
CREATE INDEX vaults_touched_at ON vaults (touched_at);

CREATE TABLE rate (
  key   TEXT PRIMARY KEY,         -- "v:<vault id>" or "ip:<hash of the client address>"
  win   INTEGER NOT NULL,         -- unix minute of the window
  count INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_win ON rate (win);
