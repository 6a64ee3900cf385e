"""The shipped title weights are exactly what the committed fit record says the fit script produced,
and that script gives the same weights whenever it is run again."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from srmatch.matching.titles import TitleWeights
from tests.shared_data import shared_file

REPOSITORY = Path(__file__).resolve().parents[1]
SCRIPT = REPOSITORY / "benchmarks" / "fit_title_weights.py"
RECORD = REPOSITORY / "benchmarks" / "title_weights_fit.json"


def fit_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fit_title_weights", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


def test_the_shipped_weights_are_the_recorded_fits_mean() -> None:
    script = fit_script()
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    shipped = TitleWeights()

    assert script.shipped_differences(record["mean"]) == {}
    assert set(record["mean"]) == set(script.FITTED)
    # The mean is the rounded mean of the recorded seeds' fits.
    fits = record["fits"]
    assert [fit["seed"] for fit in fits] == record["protocol"]["seeds"]
    for name in script.FITTED:
        assert record["mean"][name] == script.round_weight(sum(fit["weights"][name] for fit in fits) / len(fits))
    # Everything that was not fitted is shipped as the fit started from it.
    start = record["start"]
    assert set(start) == {field.name for field in dataclasses.fields(TitleWeights)}
    for name, value in start.items():
        if name not in script.FITTED:
            assert getattr(shipped, name) == value, name
    # The matcher the fit ran on is a commit of this repository's history.
    assert len(record["matcher_commit"]) == 40 and "uncommitted" not in record["matcher_commit"]


def test_a_fit_gives_the_same_weights_in_any_process() -> None:
    """Two runs with different hash seeds (set iteration order) and job counts agree on every
    number; the small fit moves at least one weight, so the ascent itself is exercised."""
    (data,) = shared_file("esco_v1.2.0_occupations_nl.csv")
    command = [
        sys.executable, str(SCRIPT), "--data-dir", str(data.parent), "--sample", "40", "--rounds", "1",
        "--seeds", "11", "12", "--min-gain", "0", "--json",
    ]
    runs = [
        subprocess.Popen(
            [*command, "--jobs", jobs],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        for hash_seed, jobs in (("0", "1"), ("4242", "2"))
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    first, second = (json.loads(output) for output in outputs)
    assert first == second
    start = json.loads(RECORD.read_text(encoding="utf-8"))["start"]
    moved = [name for name, value in first["fits"][0]["weights"].items() if value != start[name]]
    assert moved
    assert sum(first["fits"][0]["after"]) > sum(first["fits"][0]["before"])


def test_the_matcher_still_scores_as_it_did_when_the_weights_were_fitted() -> None:
    """The record's fingerprint, recomputed: a change to the matcher that changes its scores fails
    here, until the weights are refitted or ``--check`` shows they still reproduce and
    ``--fingerprint`` renews it (benchmarks/fit_title_weights.py)."""
    (data,) = shared_file("esco_v1.2.0_occupations_nl.csv")
    script = fit_script()
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    now = script.fingerprint(data.parent, script.read_protocol(RECORD), record["start"], record["mean"])
    recorded = record["fingerprint"]
    assert (now["seed"], now["labels"]) == (recorded["seed"], recorded["labels"]) == (11, 300)
    assert (now["start"], now["mean"]) == (recorded["start"], recorded["mean"]), (
        "the title matcher scores differently from when its weights were fitted: run "
        "python benchmarks/fit_title_weights.py --check --jobs 2, then --fingerprint (or ship a new fit)"
    )
