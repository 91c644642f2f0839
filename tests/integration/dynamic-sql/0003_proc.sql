CREATE PROCEDURE make_audit(t text) LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE %I (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz DEFAULT now())', t || '_audit');
END $$;
CALL make_audit(lower('ACCT')); -- (an argument the call computes: not followed offline)
ALTER TABLE acct_audit ADD COLUMN who text;
