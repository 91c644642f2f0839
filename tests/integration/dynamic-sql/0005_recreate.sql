CREATE TABLE scratch (a int);
DO $$ BEGIN EXECUTE 'DROP TABLE scratch'; END $$;
CREATE TABLE scratch (a int, b text);
