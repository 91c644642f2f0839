DROP VIEW active_projects;
