-- Token sign-in attempts per client, for the lockout after repeated failures (worker/sign-in-limit.ts).
-- Rows live one window: each new attempt from the client sweeps its own older rows.
CREATE TABLE admin_sign_in_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_hash TEXT NOT NULL,        -- SHA-256 hex of the client's address (IPv6: its /64), never the address
  at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'failed'))
);
CREATE INDEX admin_sign_in_attempts_by_client ON admin_sign_in_attempts (client_hash, at);
