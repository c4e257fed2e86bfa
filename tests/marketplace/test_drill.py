"""The outage drill's bookkeeping (bench/drill.py); the drill itself is run by hand."""

import pytest

from bench.drill import Outcome, Phase, acknowledged_id, classify, render, summarize


@pytest.mark.parametrize(
    ("status", "column"),
    [
        (200, "2xx"),
        (302, "3xx"),
        (429, "4xx"),
        (503, "503"),
        (500, "other 5xx"),
        (502, "other 5xx"),
        (None, "connection error"),
    ],
)
def test_classify(status, column):
    assert classify(status) == column


def test_only_the_redirect_to_a_created_request_acknowledges_a_write():
    assert acknowledged_id(302, "/dashboard/hires/42/") == 42
    assert acknowledged_id(302, "http://127.0.0.1:8766/dashboard/hires/7/") == 7
    assert acknowledged_id(302, "/accounts/login/?next=/services/x/hire/") is None
    assert acknowledged_id(200, "/dashboard/hires/42/") is None
    assert acknowledged_id(None, None) is None


def test_outcomes_count_in_the_phase_their_answer_came_in():
    phases = [
        Phase("baseline", 0.0),
        Phase("down", 10.0),
        Phase("recovery", 20.0, database_back=True, start_took=0.4),
    ]
    outcomes = [
        Outcome(1.0, "read", "2xx"),
        Outcome(2.0, "write", "3xx", acknowledged=1),
        Outcome(10.5, "read", "503"),
        Outcome(11.0, "write", "connection error"),
        Outcome(20.2, "read", "503"),
        Outcome(20.7, "write", "3xx", acknowledged=2),
        Outcome(21.0, "read", "2xx"),
        Outcome(31.0, "read", "2xx"),  # after the end: not counted
    ]

    baseline, down, recovery = summarize(outcomes, phases, end=30.0, missing_ids={2})

    assert (baseline.requests, baseline.acknowledged, baseline.missing) == (2, 1, 0)
    assert down.counts == {"503": 1, "connection error": 1}
    assert down.first_success is None
    assert recovery.first_success == pytest.approx(0.7)
    assert (recovery.acknowledged, recovery.missing) == (1, 1)
    assert recovery.seconds == 10.0

    table = render([baseline, down, recovery])
    assert "| recovery | 10.0 | 3 | 1 | 1 | 0 | 1 | 0 | 0 | 0.40 | 0.70 | 1 | 1 |" in table
    assert "| down | 10.0 | 2 | 0 | 0 | 0 | 1 | 0 | 1 | – | – | 0 | 0 |" in table
    assert "Acknowledged hire requests: 2; missing afterwards: 1." in table
