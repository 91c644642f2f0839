-- migrate:up
-- dbmate runs this file in a transaction already: its COMMIT below ends dbmate's transaction early
BEGIN;
UPDATE users SET plan = 'free' WHERE plan = '';
COMMIT;
