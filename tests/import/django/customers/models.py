from django.db import models


class Client(models.Model):
    """The tenant model (django-tenants' TenantMixin): one row per tenant schema."""
    schema_name = models.CharField(max_length=63, unique=True)
    name = models.CharField(max_length=100)
