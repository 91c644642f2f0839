# The schema-switching backend, as django_tenants.postgresql_backend: the connection carries the current
# schema (schema_name), set_schema() / set_schema_to_public() switch it, and every new cursor gets
# search_path = <schema>, public; introspection sees only the current schema's tables.
from django.conf import settings
from django.db.backends.postgresql import base as original

from .introspection import DatabaseIntrospection


def public_schema():
    return getattr(settings, 'PUBLIC_SCHEMA_NAME', 'public')


class DatabaseWrapper(original.DatabaseWrapper):
    introspection_class = DatabaseIntrospection

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_schema_to_public()

    def set_schema(self, schema_name, include_public=True):
        self.schema_name = schema_name
        self.include_public_schema = include_public
        self.search_path_set = False

    def set_schema_to_public(self):
        self.set_schema(public_schema())

    def close(self):
        self.search_path_set = False
        super().close()

    def _cursor(self, name=None):
        cursor = super()._cursor(name=name)
        if not self.search_path_set:
            path = [self.schema_name]
            if self.include_public_schema and self.schema_name != public_schema():
                path.append(public_schema())
            with super()._cursor() as c:
                c.execute('SELECT set_config(%s, %s, false)',
                          ['search_path', ', '.join('"%s"' % p.replace('"', '""') for p in path)])
            self.search_path_set = True
        return cursor
