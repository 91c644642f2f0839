alter table task_boards rename to projects;
alter table tasks rename to project_tasks;
alter table workspaces rename to teams;
-- a renamed column of a table another policy reads: `w.owner` becomes `w.owner_id AS owner` in its sub-query
alter table teams rename column owner to owner_id;
