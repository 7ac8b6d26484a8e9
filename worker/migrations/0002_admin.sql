-- Admin sign-in: per-site and global tokens (stored only as SHA-256 digests) and page sessions.

CREATE TABLE admin_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 hex of the token; the token itself is shown once
  label TEXT NOT NULL,
  site_id TEXT REFERENCES sites(id),  -- NULL: every site
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);
-- A token is never rewritten; revoking it is the one change allowed.
CREATE TRIGGER admin_tokens_revoke_only BEFORE UPDATE ON admin_tokens
WHEN OLD.revoked_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.token_hash IS NOT OLD.token_hash OR NEW.label IS NOT OLD.label
  OR NEW.site_id IS NOT OLD.site_id OR NEW.created_at IS NOT OLD.created_at
  OR NEW.created_by IS NOT OLD.created_by
BEGIN SELECT RAISE(ABORT, 'admin tokens can only be revoked'); END;
CREATE TRIGGER admin_tokens_no_delete BEFORE DELETE ON admin_tokens
BEGIN SELECT RAISE(ABORT, 'admin tokens are revoked, never deleted'); END;

-- Signed-in admin page sessions: the cookie holds a random id, the table its SHA-256 digest.
CREATE TABLE admin_sessions (
  id_hash TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  site_id TEXT,                     -- NULL: every site
  token_id TEXT REFERENCES admin_tokens(id),  -- NULL: the global token
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);

CREATE INDEX audit_log_by_site ON audit_log (site_id, id);
