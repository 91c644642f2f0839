-- migrate:up
CREATE TABLE stats (id bigint PRIMARY KEY, label varchar(40));
