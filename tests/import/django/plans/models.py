from django.db import models


class Plan(models.Model):
    code = models.CharField(max_length=20, unique=True)
    monthly_cents = models.IntegerField(default=0)
