alter table task_boards rename to projects;
alter table tasks rename to project_tasks;
alter table workspaces rename to teams;
