CREATE TABLE staging (id int);
CREATE TABLE tv (a int);
CREATE INDEX ON kept (id);
