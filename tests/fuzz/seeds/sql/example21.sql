CREATE VIEW active_projects AS
    SELECT p.id, p.tenant_id, p.title, u.email AS owner_email
    FROM projects p
    LEFT JOIN users u ON u.id = p.owner_id
    WHERE NOT p.archived;
