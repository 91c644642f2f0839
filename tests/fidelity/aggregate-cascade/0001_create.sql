-- aggregates (issue 12, object kinds): a view that calls an aggregate depends on it, the aggregate on its
-- transition function; old and new syntax, (*) and the ordered-set form
create table t(a int, b text);
create function add_int(int, int) returns int language sql immutable as 'select $1 + $2';
create aggregate mysum(int) (sfunc = add_int, stype = int, initcond = '0');
create view v as select mysum(a) as s from t;
create aggregate oldsum (basetype = int, sfunc = add_int, stype = int);
create aggregate cnt(*) (sfunc = int8inc, stype = int8, initcond = '0');
create aggregate firstof(int order by int) (sfunc = add_int, stype = int);
create view w as select cnt(*) as n, oldsum(a) as o from t;
comment on aggregate cnt(*) is 'rows';
