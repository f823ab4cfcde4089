-- The schema of release 1 (commit 9fe481a, the last landed before versioned migrations), as SqliteFleetStore created it.
-- An aggregator started on a database made by it must upgrade it in place and lose nothing.
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, site TEXT NOT NULL, password_hash TEXT NOT NULL, secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (device TEXT NOT NULL, seq INTEGER NOT NULL, site TEXT NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, received INTEGER NOT NULL, PRIMARY KEY (device, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS latest (device TEXT NOT NULL, kind TEXT NOT NULL, site TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL, received INTEGER NOT NULL, PRIMARY KEY (device, kind)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state_samples (device TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS state_samples_by_device ON state_samples (device, ts);
CREATE TABLE IF NOT EXISTS configs (site TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL, note TEXT NOT NULL, PRIMARY KEY (site, version));

CREATE TABLE IF NOT EXISTS site_tenants (site text PRIMARY KEY, tenant text NOT NULL);
CREATE TABLE IF NOT EXISTS users (name text PRIMARY KEY, role text NOT NULL, tenant text NOT NULL, password_hash text NOT NULL, created bigint NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id text PRIMARY KEY, ticket text NOT NULL, expires bigint NOT NULL);
CREATE TABLE IF NOT EXISTS login_links (token_hash text PRIMARY KEY, user_name text NOT NULL, expires bigint NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (key text NOT NULL, ts bigint NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, ts);
CREATE TABLE IF NOT EXISTS protection_keys (name text PRIMARY KEY, xml text NOT NULL);
CREATE TABLE IF NOT EXISTS command_answers (id text PRIMARY KEY, device text NOT NULL, body text NOT NULL, received bigint NOT NULL);
CREATE TABLE IF NOT EXISTS site_changes (site text PRIMARY KEY, received bigint NOT NULL);
CREATE TABLE IF NOT EXISTS link_samples (device text NOT NULL, link text NOT NULL, ts bigint NOT NULL, latency_us bigint NOT NULL, loss_permille bigint NOT NULL, jitter_us bigint NOT NULL,
rsrp_dbm bigint NOT NULL, sinr_tenths_db bigint NOT NULL, used_bytes bigint NOT NULL, cap_bytes bigint NOT NULL, PRIMARY KEY (device, link, ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_rollups (device text NOT NULL, link text NOT NULL, bucket bigint NOT NULL, n bigint NOT NULL, latency_sum bigint NOT NULL, loss_max bigint NOT NULL,
jitter_sum bigint NOT NULL, rsrp_sum bigint NOT NULL, sinr_sum bigint NOT NULL, used_max bigint NOT NULL, cap_max bigint NOT NULL, PRIMARY KEY (device, link, bucket)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS incidents (id INTEGER PRIMARY KEY, key text NOT NULL, site text NOT NULL, rule text NOT NULL, scope text NOT NULL, detail text NOT NULL,
opened bigint NOT NULL, closed bigint NOT NULL, notified bigint NOT NULL, last_sent bigint NOT NULL, escalated bigint NOT NULL, acknowledged_by text NOT NULL,
flaps bigint NOT NULL, resolved_sent bigint NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS incidents_open ON incidents (key) WHERE closed = 0;
CREATE INDEX IF NOT EXISTS incidents_by_key ON incidents (key, closed);
CREATE TABLE IF NOT EXISTS alert_channels (id INTEGER PRIMARY KEY, tenant text NOT NULL, kind text NOT NULL, target text NOT NULL, secret text NOT NULL, escalation bigint NOT NULL);
CREATE TABLE IF NOT EXISTS maintenance (site text NOT NULL, starts bigint NOT NULL, ends bigint NOT NULL, note text NOT NULL);
CREATE TABLE IF NOT EXISTS alert_outbox (id INTEGER PRIMARY KEY, incident bigint NOT NULL, channel bigint NOT NULL, subject text NOT NULL, body text NOT NULL,
due bigint NOT NULL, lease_until bigint NOT NULL, attempts bigint NOT NULL, sent_at bigint NOT NULL, last_error text NOT NULL);
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (sent_at, due);
CREATE TABLE IF NOT EXISTS site_profiles (site text PRIMARY KEY, body text NOT NULL);
CREATE TABLE IF NOT EXISTS drill_schedules (id INTEGER PRIMARY KEY, site text NOT NULL, device text NOT NULL, link text NOT NULL, seconds bigint NOT NULL, cron text NOT NULL,
time_zone text NOT NULL, next_run bigint NOT NULL);
