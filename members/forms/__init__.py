"""The forms of the members' area."""
