# As django-tenants' introspection: only the tables of the connection's current schema exist for Django,
# so that a tenant schema gets its own django_migrations (and models) even with public on its search_path.
from django.db.backends.base.introspection import TableInfo
from django.db.backends.postgresql.introspection import DatabaseIntrospection as Original


class DatabaseIntrospection(Original):
    def get_table_list(self, cursor):
        cursor.execute("""
            SELECT c.relname,
                   CASE WHEN c.relispartition THEN 'p' WHEN c.relkind IN ('m', 'v') THEN 'v' ELSE 't' END
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v') AND n.nspname = %s
        """, [self.connection.schema_name])
        return [TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables]
