-- two row constructors compared are stored as the parser rewrites them (make_row_comparison_op,
-- make_row_distinct_op): = as AND, <> as OR, < <= > >= as ROW(...) < ROW(...), IS DISTINCT FROM as OR
create table organization (
    id int primary key,
    authorization_enabled boolean not null default false,
    predefined_policy text,
    custom_policy text,
    version int
);
create function notify_policy_updates() returns trigger language plpgsql as $$
begin
    perform pg_notify('policies_updated', '');
    return null;
end
$$;
create trigger organization_policy_updated
after update on organization for each row
when ((old.authorization_enabled, old.predefined_policy, old.custom_policy)
      is distinct from (new.authorization_enabled, new.predefined_policy, new.custom_policy))
execute function notify_policy_updates();
create view active_policies as
    select id from organization where (authorization_enabled, version) = (true, 1)
    union all
    select id from organization where (predefined_policy, custom_policy) <> ('a', 'b')
    union all
    select id from organization where (version, id) > (1, 100);
create index organization_custom on organization (id)
    where (predefined_policy, custom_policy) is not distinct from (null, null);
