"""The small-group rule, the one algorithm behind public "Who took part" and feedback results."""

import pytest

from common.smallgroups import SMALL_GROUP, Breakdown, breakdown


@pytest.mark.parametrize(
    ("counts", "shown", "rest"),
    [
        ({"a": 5, "b": 7}, {"a": 5, "b": 7}, 0),
        ({"a": 4, "b": 7}, {}, 11),  # 7 = total - 4: the 4 could be worked out
        ({"a": 4, "b": 5}, {}, 9),
        ({"a": 2, "b": 5, "c": 6}, {"c": 6}, 7),  # b goes too; then 7 are in the rest
        ({"a": 3, "b": 3, "c": 6}, {"c": 6}, 6),
        ({"a": 5, "b": 5, "c": 1}, {"a": 5}, 6),  # a tie: the one named first stays
        ({"a": 12}, {"a": 12}, 0),
        ({"a": 12, "b": 0}, {"a": 12}, 0),  # nobody in b: nothing to single out
        ({"a": 4}, {}, 4),
        ({}, {}, 0),
    ],
)
def test_small_groups_are_never_shown_nor_left_to_subtraction(counts, shown, rest):
    result = breakdown(counts)

    assert (result.shown, result.rest, result.total) == (shown, rest, sum(counts.values()))
    assert result.rest == 0 or result.rest >= SMALL_GROUP or result.shown == {}
    assert all(n >= SMALL_GROUP for n in result.shown.values())


@pytest.mark.parametrize(("total", "whole_shown"), [(0, False), (4, False), (5, True)])
def test_the_whole_is_shown_only_from_five(total, whole_shown):
    assert breakdown({"a": total}).whole_shown is whole_shown


def test_groups_shown_keep_the_order_given():
    assert list(breakdown({"z": 6, "a": 9, "m": 5}).shown) == ["z", "a", "m"]


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        breakdown({"a": -1})


def test_the_answer_is_plain_data():
    assert breakdown({"a": 5}) == Breakdown(shown={"a": 5}, rest=0, total=5)
