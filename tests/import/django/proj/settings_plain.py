# The same project without django-tenants: every app in the one schema, Django's own backend and no router
# (for `strata import django --settings proj.settings_plain`).
from proj.settings import *  # noqa: F401,F403

del SHARED_APPS, TENANT_APPS, TENANT_MODEL  # noqa: F821
DATABASES['default']['ENGINE'] = 'django.db.backends.postgresql'  # noqa: F405
DATABASE_ROUTERS = []
