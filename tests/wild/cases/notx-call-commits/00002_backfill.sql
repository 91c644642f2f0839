-- +goose Up
-- +goose NO TRANSACTION
-- a batched backfill: the procedure commits each batch, so goose runs it with no transaction, each
-- statement on its own (a CALL in a transaction block fails: invalid transaction termination)
ALTER TABLE envs ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'template';

-- +goose StatementBegin
CREATE OR REPLACE PROCEDURE backfill_kind() AS $$
DECLARE
    n int;
BEGIN
    LOOP
        UPDATE envs e SET kind = 'snapshot'
        FROM (SELECT e2.id FROM envs e2 JOIN snapshots s ON s.env_id = e2.id
              WHERE e2.kind <> 'snapshot' LIMIT 100) sub
        WHERE e.id = sub.id;
        GET DIAGNOSTICS n = ROW_COUNT;
        COMMIT;
        EXIT WHEN n = 0;
    END LOOP;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CALL backfill_kind();
DROP PROCEDURE backfill_kind();

-- +goose Down
-- +goose NO TRANSACTION
ALTER TABLE envs DROP COLUMN IF EXISTS kind;
