"""Numbers on the Chinese pages as UN Chinese documents and the mainland's standard write them:
grouped by thousands with a comma (1,234,567.5), where Django groups by ten thousands without
a separator. Only what differs from Django's zh_Hans formats is here."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
