CREATE TABLE projects (
    id          bigserial PRIMARY KEY,
    tenant_id   bigint NOT NULL,
    owner_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    title       varchar(200) NOT NULL,
    archived    boolean NOT NULL DEFAULT false,
    CONSTRAINT projects_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);

CREATE INDEX projects_tenant_idx ON projects (tenant_id) WHERE NOT archived;
CREATE INDEX projects_owner_idx ON projects (owner_id);
