"""`create_editor USERNAME`: a staff user in the Editors group, password from a prompt or stdin."""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.editors import EDITORS_GROUP, ensure_editors_group


class Command(BaseCommand):
    help = "Create a staff user in the Editors group (password from a prompt, or --password-stdin)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The editor's e-mail address.")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input instead of prompting.",
        )

    def handle(self, *args, username: str, email: str, password_stdin: bool, **options):
        user_model = get_user_model()
        if user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        stdin = options.get("stdin") or sys.stdin
        password = self._password_from(stdin) if password_stdin else self._password_from_prompt(stdin)
        if not password:
            raise CommandError("The password is empty.")
        user = user_model(**{user_model.USERNAME_FIELD: username}, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(ensure_editors_group())
        self.stdout.write(f"Created editor {username!r}: staff, in the {EDITORS_GROUP} group.")

    @staticmethod
    def _password_from(stdin) -> str:
        return stdin.readline().rstrip("\r\n")

    @staticmethod
    def _password_from_prompt(stdin) -> str:
        if not stdin.isatty():
            raise CommandError("No terminal to prompt for the password on; use --password-stdin.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
