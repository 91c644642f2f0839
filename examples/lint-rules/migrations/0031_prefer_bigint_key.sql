-- migrate:up
CREATE TABLE accounts (id integer PRIMARY KEY, name text);
