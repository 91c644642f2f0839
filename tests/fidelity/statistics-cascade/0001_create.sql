-- extended statistics (issue 12, object kinds): names in their schema, columns of one table, kinds
create schema perf;
create table orders(id int, customer int, region text, total numeric);
create statistics orders_cust_region (dependencies, ndistinct) on region, customer from orders;
create statistics perf.orders_expr on (lower(region)) from orders;
create statistics orders_all on id, customer, total from orders;
create materialized view order_totals as select customer, sum(total) as total from orders group by customer;
create statistics order_totals_st on customer, total from order_totals;
comment on statistics orders_all is 'planner help';
