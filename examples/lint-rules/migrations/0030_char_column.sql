-- migrate:up
CREATE TABLE geo (id bigint PRIMARY KEY, country char(2));
