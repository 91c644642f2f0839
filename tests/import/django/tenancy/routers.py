# django_tenants.routers.TenantSyncRouter: in the public schema only SHARED_APPS migrate, in a tenant
# schema only TENANT_APPS.
from django.apps import apps
from django.conf import settings
from django.db import connections

from tenancy.postgresql_backend.base import public_schema


class TenantSyncRouter:
    def allow_migrate(self, db, app_label, model_name=None, **hints):
        name = apps.get_app_config(app_label).name
        if connections[db].schema_name == public_schema():
            return name in settings.SHARED_APPS
        return name in settings.TENANT_APPS
