"""The check that speed work leaves a build's output alone is itself sound: two builds of the
seeds read back as the same lines, though their start times and the shapes' blank nodes differ."""

from __future__ import annotations

from benchmarks.build_identity import STARTED, built_lines


def test_two_builds_of_the_seeds_read_back_the_same() -> None:
    first, second = built_lines(0), built_lines(0)
    assert len(first) > 10_000  # the whole seed build, not an empty store
    assert first == second
    assert any(STARTED in line and '"(start time)"' in line for line in first)
    assert any(line.startswith("_:") for line in first)  # the shapes' blank nodes, canonical
