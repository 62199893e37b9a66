from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, without fuzzy matching: a new string must be translated by a
    person, not guessed from a similar one ("Version" is not "Permissions")."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
