-- DROP AGGREGATE ... CASCADE drops the views that call it (the model must know, or verify finds them only
-- in the migrations); renamed and moved aggregates keep their identity by argument types
drop aggregate mysum(int) cascade;
create schema stats;
alter aggregate oldsum(int) rename to total;
alter aggregate total(int) set schema stats;
drop function add_int(int, int) cascade;
create or replace aggregate cnt(*) (sfunc = int8inc, stype = int8, initcond = '1');
