"""The forms of the members app: the members' area (area.py) and the progress report
(report.py). Forms validate and never send mail."""
