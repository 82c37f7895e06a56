"""What the server must report, computed independently from what a test sent."""

import statistics

import pytest


def rating_stats(values):
    """Stats for a list of answers (0 = don't know), as the protocol reports them."""
    scores = sorted(v for v in values if v > 0)
    stats = {"count": len(scores), "dontKnow": len(values) - len(scores),
             "distribution": [scores.count(v) for v in range(1, 6)]}
    if scores:
        stats["mean"] = statistics.fmean(scores)
        stats["median"] = float(statistics.median(scores))
        stats["spread"] = statistics.pstdev(scores)
    return stats


def assert_rating(actual, expected, label):
    assert actual["count"] == expected["count"], label
    assert actual["dontKnow"] == expected["dontKnow"], label
    assert actual["distribution"] == expected["distribution"], label
    for key in ("mean", "median", "spread"):
        if key in expected:
            assert actual[key] == pytest.approx(expected[key], abs=1e-9), f"{label} {key}"
        else:
            assert actual.get(key) is None, f"{label} {key}"
