-- DROP COLUMN drops the statistics objects on it (and the model must know it, or verify finds them only in
-- the migrations); renames and moves keep them
alter table orders drop column total cascade;
alter table orders rename column region to area;
alter statistics orders_cust_region rename to orders_cr;
alter statistics orders_cr set schema perf;
alter statistics perf.orders_cr set statistics 500;
drop statistics if exists nosuch;
create statistics orders_all on id, customer from orders;
