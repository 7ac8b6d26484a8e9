-- Scheduled notice versions (issue #13): the time a site's versions are judged at, when the
-- scheduled run was given a later time than the clock. Cloudflare's cron always runs at or after
-- its own scheduled time, so in production this table stays empty; only wrangler dev's local
-- trigger (/cdn-cgi/handler/scheduled?time=…) can move a site ahead, which is how the browser
-- tests make a version take effect without waiting for it (docs/security.md).
CREATE TABLE notice_clocks (
  site_id TEXT PRIMARY KEY REFERENCES sites(id),
  through TEXT NOT NULL  -- ISO time: versions effective at or before it are in force
);
