-- a FROM item's name used as a value is a whole-row reference: stored views print it `alias.*`
-- (`alias.*::rowtype` at the top level of a target list)
create table workspace_users (id uuid primary key, full_name text, ws_id uuid not null);
create table linked_users (virtual_user_id uuid references workspace_users, platform_user_id uuid, display_name text);
create view workspace_users_with_links as
select wu.id, wu.full_name,
       (select json_agg(linked) from (select distinct on (l.platform_user_id) l.platform_user_id, l.display_name
                                      from linked_users l where l.virtual_user_id = wu.id) linked) as linked_users,
       to_jsonb(wu) - 'ws_id' as profile
from workspace_users wu;
create view workspace_user_rows as select wu from workspace_users wu;
