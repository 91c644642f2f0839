-- migrate:up transaction:false
DROP DATABASE IF EXISTS reporting_scratch;
