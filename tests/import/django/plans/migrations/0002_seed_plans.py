from django.db import migrations


def seed(apps, schema_editor):
    Plan = apps.get_model('plans', 'Plan')
    Plan.objects.bulk_create([Plan(code='free', monthly_cents=0), Plan(code='pro', monthly_cents=1900)])


class Migration(migrations.Migration):
    dependencies = [('plans', '0001_initial')]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
