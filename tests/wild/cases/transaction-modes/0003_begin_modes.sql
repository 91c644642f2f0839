-- the modes written on BEGIN itself
START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE;
CREATE TABLE audit (id int, level text DEFAULT current_setting('transaction_isolation'));
INSERT INTO audit (id) VALUES (1);
COMMIT;
