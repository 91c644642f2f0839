-- reduced from langfuse 20260821121500_backfill_evaluator_v2 (Prisma sends the file as one query): the file
-- opens its own transaction and sets its isolation level before its first query, where PostgreSQL takes it
BEGIN;
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SET LOCAL lock_timeout = '5s';
CREATE TABLE job_copy (id int PRIMARY KEY, name text NOT NULL, level text NOT NULL);
INSERT INTO job_copy SELECT id, name, current_setting('transaction_isolation') FROM job;
COMMIT;
