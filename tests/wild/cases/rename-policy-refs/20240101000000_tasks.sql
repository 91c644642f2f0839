-- a policy prints the relations it reads by their current names (the server keeps OIDs): after a table is
-- renamed, its own policies' qualified columns and other tables' policies that read it follow the new name
create table workspaces (id uuid primary key, owner uuid not null);
create table task_boards (id uuid primary key, ws_id uuid not null references workspaces);
create table tasks (id uuid primary key, board_id uuid not null references task_boards);
alter table tasks enable row level security;
create policy "members read tasks" on tasks for select
    using (exists (select 1 from task_boards b join workspaces w on w.id = b.ws_id
                   where b.id = tasks.board_id and w.owner = current_setting('app.user')::uuid));
alter table task_boards enable row level security;
create policy "owners write boards" on task_boards for all
    using ((select w.owner from workspaces w where w.id = task_boards.ws_id) = current_setting('app.user')::uuid)
    with check ((select w.owner from workspaces w where w.id = task_boards.ws_id) = current_setting('app.user')::uuid);
