ALTER TABLE review ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX review_created_at_idx ON review (created_at DESC);
