"""A worker's own copies (gnlc/core/memo.py): bounded in bytes, least recently used dropped
first, never served past their expiry."""

from gnlc.core.memo import Memo


def test_the_least_recently_used_goes_first_when_room_is_needed():
    memo = Memo(limit_bytes=100)
    memo.put("a", "page a", size=40)
    memo.put("b", "page b", size=40)
    assert memo.get("a") == "page a"  # a is now the most recently used
    memo.put("c", "page c", size=40)
    assert memo.get("b") is None
    assert (memo.get("a"), memo.get("c")) == ("page a", "page c")
    assert memo.size == 80


def test_a_value_larger_than_the_whole_memo_is_not_kept():
    memo = Memo(limit_bytes=100)
    memo.put("a", "page a", size=40)
    memo.put("huge", "x", size=101)
    assert memo.get("huge") is None
    assert memo.get("a") == "page a"


def test_an_expired_copy_is_never_served():
    memo = Memo(limit_bytes=100)
    memo.put("old", "stale page", size=10, seconds=-1)
    memo.put("new", "fresh page", size=10, seconds=60)
    assert memo.get("old") is None
    assert memo.get("new") == "fresh page"
    assert memo.size == 10


def test_putting_a_key_again_replaces_it_and_its_size():
    memo = Memo(limit_bytes=100)
    memo.put("a", "first", size=60)
    memo.put("a", "second", size=30)
    assert memo.get("a") == "second"
    assert memo.size == 30
    memo.clear()
    assert (memo.get("a"), memo.size) == (None, 0)
