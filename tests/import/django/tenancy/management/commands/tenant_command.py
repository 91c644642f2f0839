# `manage.py tenant_command COMMAND --schema=NAME [args]`: run any command with the connection switched to
# a tenant schema, as django-tenants' command of that name does.
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = 'run a management command in a tenant schema'

    def add_arguments(self, parser):
        parser.add_argument('command_name')
        parser.add_argument('--schema', required=True)
        parser.add_argument('command_args', nargs='*')

    def handle(self, *args, **options):
        connection.set_schema(options['schema'])
        call_command(options['command_name'], *options['command_args'])
