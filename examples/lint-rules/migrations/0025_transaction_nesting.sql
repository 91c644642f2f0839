-- migrate:up transaction:false
BEGIN;
UPDATE users SET plan = 'free' WHERE plan = '';
BEGIN;
UPDATE orders SET comment = '' WHERE comment IS NULL;
COMMIT;
