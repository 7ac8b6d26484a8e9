-- Candour's first schema. Migrations are append-only: change the schema in a new file.

CREATE TABLE sites (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 2 AND 63),
  settings TEXT NOT NULL,           -- JSON SiteSettings
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Published notice versions. Immutable: a new version is a new row.
CREATE TABLE notices (
  site_id TEXT NOT NULL REFERENCES sites(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  hash TEXT NOT NULL,
  cookie_revision TEXT NOT NULL,
  source TEXT NOT NULL,             -- the author's Markdown, kept for history and diffs
  document TEXT NOT NULL,           -- JSON NoticeDocument compiled from source
  material INTEGER NOT NULL CHECK (material IN (0, 1)),
  effective_at TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (site_id, version)
);

CREATE TRIGGER notices_immutable_update BEFORE UPDATE ON notices
BEGIN SELECT RAISE(ABORT, 'notice versions are immutable'); END;
CREATE TRIGGER notices_immutable_delete BEFORE DELETE ON notices
BEGIN SELECT RAISE(ABORT, 'notice versions are immutable'); END;

-- The consent ledger: one row per decision, hash-chained per site by seq.
CREATE TABLE receipts (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  consent_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  event TEXT NOT NULL,
  method TEXT NOT NULL,
  choices TEXT NOT NULL,            -- JSON Choices
  notice_version INTEGER NOT NULL,
  notice_hash TEXT NOT NULL,
  cookie_revision TEXT NOT NULL,
  language TEXT NOT NULL,
  gpc INTEGER NOT NULL CHECK (gpc IN (0, 1)),
  page TEXT,
  browser TEXT NOT NULL,
  country TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  kid TEXT NOT NULL,
  jws TEXT NOT NULL,
  UNIQUE (site_id, seq),
  UNIQUE (site_id, idempotency_key)
);
CREATE INDEX receipts_by_consent ON receipts (site_id, consent_id, seq);
CREATE INDEX receipts_by_time ON receipts (site_id, recorded_at);

-- Signed checkpoints: a retention sweep seals the chain up to through_seq before removing
-- rows, so the rest of the chain still verifies from the checkpoint's hash.
CREATE TABLE checkpoints (
  site_id TEXT NOT NULL REFERENCES sites(id),
  through_seq INTEGER NOT NULL,
  through_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  kid TEXT NOT NULL,
  jws TEXT NOT NULL,
  PRIMARY KEY (site_id, through_seq)
);

CREATE TRIGGER receipts_append_only BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
-- Only rows already sealed by a checkpoint may go (the retention sweep); nothing else.
CREATE TRIGGER receipts_delete_sealed_only BEFORE DELETE ON receipts
WHEN NOT EXISTS (
  SELECT 1 FROM checkpoints c WHERE c.site_id = OLD.site_id AND c.through_seq >= OLD.seq
)
BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END;
CREATE TRIGGER checkpoints_immutable_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are immutable'); END;
CREATE TRIGGER checkpoints_immutable_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are immutable'); END;

-- Admin actions, append-only.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  site_id TEXT,
  action TEXT NOT NULL,
  detail TEXT NOT NULL               -- JSON
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
