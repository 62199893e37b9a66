"""Operations scripts (docs/operations.md), run as `python -m gnlc.ops.<name>`."""
