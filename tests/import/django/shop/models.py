from django.db import models


class Product(models.Model):
    """A tenant table with a foreign key to a shared one (plans.Plan lives in public)."""
    title = models.CharField(max_length=200)
    plan = models.ForeignKey('plans.Plan', on_delete=models.PROTECT, null=True)
    price_cents = models.IntegerField(default=0)
    sku = models.CharField(max_length=32, db_index=True, default="")
