CREATE TABLE tenants (name text PRIMARY KEY);
CREATE FUNCTION tenant_schema() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE SCHEMA %I', 't_' || NEW.name);
  EXECUTE format('CREATE TABLE %I.notes (id int, body text)', 't_' || NEW.name);
  RETURN NEW;
END $$;
CREATE TRIGGER tenant_schema AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION tenant_schema();
INSERT INTO tenants VALUES ('acme');
CREATE VIEW acme_notes AS SELECT id, body FROM t_acme.notes;
