CREATE TABLE job (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO job VALUES (1, 'a'), (2, 'b');
