-- crates.io 2025-02-17-133723_timezones: a timestamp default of a column made timestamptz stays a
-- timestamp constant under an implicit cast (converted at each insert, in the session's zone)
CREATE TABLE background_jobs (id bigserial PRIMARY KEY, last_retry TIMESTAMP NOT NULL DEFAULT '1970-01-01');
ALTER TABLE background_jobs ALTER last_retry TYPE timestamptz;
-- hydra 20251030112809000000_flow_expires_at: the interval constant of a generated column keeps its type
CREATE TABLE flow (
    requested_at timestamp NOT NULL DEFAULT now(),
    consent_remember_for int,
    expires_at timestamp GENERATED ALWAYS AS (CASE WHEN consent_remember_for > 0 THEN requested_at + (consent_remember_for * INTERVAL '1 second') END) STORED,
    CHECK (requested_at > '2000-01-01'::date + INTERVAL '1 day')
);
CREATE INDEX flow_expiry ON flow ((requested_at + INTERVAL '1 hour')) WHERE consent_remember_for * INTERVAL '1 second' > INTERVAL '1 minute';
