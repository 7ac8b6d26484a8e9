-- Cookie discovery (issue #12): names of cookies that visitors' browsers saw after a grant and
-- that the site's notice did not declare. Names only, never values; nothing about the visitor.
CREATE TABLE discovered_cookies (
  site_id TEXT NOT NULL REFERENCES sites(id),
  name TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  reports INTEGER NOT NULL DEFAULT 1,   -- reports that named it; each report counts once
  granted INTEGER NOT NULL DEFAULT 0,   -- categories granted when seen: 1 functional, 2 analytics, 4 marketing
  attributed TEXT CHECK (attributed IN ('functional', 'analytics', 'marketing')),  -- an admin's choice
  PRIMARY KEY (site_id, name)
);
