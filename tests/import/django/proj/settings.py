# A Django 3.2 project laid out as django-tenants wants it: SHARED_APPS live in the public schema,
# TENANT_APPS in every tenant schema; the tenancy app is a small stand-in for django-tenants (which is
# not packaged in Debian) following its conventions: the schema-switching backend, the sync router,
# TENANT_MODEL and `manage.py tenant_command CMD --schema=NAME`.
import os

SECRET_KEY = 'strata-test-only'
DEBUG = False
USE_TZ = True
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'

SHARED_APPS = ['tenancy', 'customers', 'plans']
TENANT_APPS = ['shop', 'notes']
INSTALLED_APPS = SHARED_APPS + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = 'customers.Client'
PUBLIC_SCHEMA_NAME = 'public'

DATABASES = {
    'default': {
        'ENGINE': 'tenancy.postgresql_backend',
        'NAME': os.environ.get('DJANGO_DB_NAME', 'postgres'),
        'USER': os.environ.get('DJANGO_DB_USER', 'postgres'),
        'HOST': os.environ.get('DJANGO_DB_HOST', ''),
        'PORT': os.environ.get('DJANGO_DB_PORT', ''),
    }
}
DATABASE_ROUTERS = ['tenancy.routers.TenantSyncRouter']
