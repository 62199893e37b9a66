"""The forms of the members app: the members' area (area.py). Forms validate and never send
mail."""
