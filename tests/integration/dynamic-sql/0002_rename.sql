CREATE TABLE acct (id int PRIMARY KEY, nm text, created_at timestamptz);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'acct' AND column_name = 'name') THEN
    EXECUTE 'ALTER TABLE acct RENAME COLUMN nm TO name';
  END IF;
END $$;
ALTER TABLE acct ADD COLUMN email text;
CREATE INDEX acct_name_idx ON acct (name);
