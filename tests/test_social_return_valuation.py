"""The social-return arithmetic: published cases, counting windows, bonuses, pro-rating, caps,
the labour-share switch, PSO discounts and exact money (DOMAIN.md; issue 11 item 10)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from srmatch.services.rules import RuleSetError, get_rule_set, load_rule_sets, rule_set_for
from srmatch.services.valuation import (
    ContributionInput,
    ValuationError,
    apply_route_caps,
    compute_obligation,
    contract_status,
    months_between,
    parse_euros,
    penalty_cents,
    split_per_year,
    to_cents,
    value_contribution,
)

RIJNMOND = "rijnmond-2024"
HAAGLANDEN = "haaglanden-2023"
D = Decimal


def obligation(value_eur: int, rules: str = RIJNMOND, **kwargs: object) -> int:
    return compute_obligation(
        get_rule_set(rules), kind=str(kwargs.pop("kind", "werk")), value_cents=value_eur * 100,
        start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31), **kwargs,  # type: ignore[arg-type]
    ).cents


def person(rules: str, group: str, hours: str, months: str | None = None, **kwargs: object) -> int:
    item = ContributionInput(route="1", target_group=group, hours_per_week=D(hours),
                             months=D(months) if months else None, **kwargs)  # type: ignore[arg-type]
    return value_contribution(get_rule_set(rules), item).value_cents


# --- rule sets ------------------------------------------------------------------------

def test_two_rule_sets_ship_and_rijnmond_is_the_labelled_default() -> None:
    sets = {s.name: s for s in load_rule_sets()}
    assert set(sets) == {RIJNMOND, HAAGLANDEN}
    assert get_rule_set().name == RIJNMOND
    assert sets[RIJNMOND].status == "transcribed" and "confirm" in sets[RIJNMOND].note
    assert sets[RIJNMOND].valid_from == dt.date(2024, 11, 1)
    assert sets[HAAGLANDEN].valid_from == dt.date(2023, 7, 1)


def test_the_rule_set_in_force_follows_the_award_date_and_region() -> None:
    assert rule_set_for(dt.date(2025, 3, 1)).name == RIJNMOND
    assert rule_set_for(dt.date(2023, 8, 1), "haaglanden").name == HAAGLANDEN
    # nothing older is shipped for Rijnmond: the oldest set of the region, visibly named
    assert rule_set_for(dt.date(2020, 1, 1)).name == RIJNMOND


def _write_rules(folder: Path, name: str, extra: str = "", basis: str = "yearly", default: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(f"""
[rule_set]
name = "{name}"
region = "test"
title = "Test rules"
valid_from = 2024-01-01
status = "transcribed"
source = "invented for a test"
default = {str(default).lower()}

[obligation]
base = "contract_value"
{extra}

[obligation.kinds.werk]
percentage = 5
threshold_eur = 100000

[obligation.kinds.dienst]
percentage = 5
threshold_eur = 125000

[full_time]
basis = "{basis}"
hours_per_week = 36
min_hours_per_week = 12

[blocks.participatiewet]
label = "Participatiewet"
route = 1
per_year_eur = 40000
per_hour_eur = 20
target_groups = ["participatiewet"]
""", encoding="utf-8")
    return folder


def test_a_municipality_edits_the_rule_file_and_the_numbers_follow(tmp_path: Path) -> None:
    folder = _write_rules(tmp_path / "rules", "test-2024", extra="cap_eur = 300000\npenalty_percent = 150")
    rules = get_rule_set(None, folder)
    assert rules.obligation.cap == D(300000)
    big = compute_obligation(rules, kind="werk", value_cents=10_000_000_00, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert big.cents == 300_000_00 and "300,000.00" in big.explanation
    assert penalty_cents(rules, 10_000_00) == 15_000_00


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ('percentage = "five"', r"obligation\.kinds\.werk\.percentage"),
        ("percentage = -5", r"0 or more"),
    ],
)
def test_a_broken_rule_file_names_the_file_and_the_key(tmp_path: Path, broken: str, message: str) -> None:
    folder = _write_rules(tmp_path / "rules", "broken-2024")
    path = folder / "broken-2024.toml"
    path.write_text(path.read_text().replace("percentage = 5\nthreshold_eur = 100000", f"{broken}\nthreshold_eur = 100000"))
    with pytest.raises(RuleSetError, match=message):
        load_rule_sets(folder)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a misspelt key would be ignored: the window would silently become "always"
        ("per_hour_eur = 20\n", "per_hour_eur = 20\nwindows_months = 24\n",
         "bad-2024.toml (bad-2024) blocks.participatiewet: unknown key windows_months = 24 (known keys: label, "),
        ("[obligation.kinds.dienst]\npercentage = 5\nthreshold_eur = 125000\n", "[obligation.kinds]\ndienst = 5\n",
         "bad-2024.toml (bad-2024): obligation.kinds.dienst = 5 must be a table [obligation.kinds.dienst]"),
        ("[blocks.participatiewet]", "[blocks]\nww = 20000\n\n[blocks.participatiewet]",
         "bad-2024.toml (bad-2024): blocks.ww = 20000 must be a table [blocks.ww]"),
        ('target_groups = ["participatiewet"]', 'target_groups = ["participatiewt"]',
         "bad-2024.toml (bad-2024) blocks.participatiewet: target_groups = 'participatiewt' is not one of participatiewet, "),
        ('target_groups = ["participatiewet"]', 'target_groups = ["participatiewet"]\nemployment_types = ["BBL"]',
         "bad-2024.toml (bad-2024) blocks.participatiewet: employment_types = 'BBL' is not one of fixed_term, "),
        ("percentage = 5\nthreshold_eur = 100000", "percentage = 500\nthreshold_eur = 100000",
         "bad-2024.toml (bad-2024) obligation.kinds.werk.percentage: 500 must be a percentage from 0 to 100"),
        ("default = true", 'default = "false"',
         "bad-2024.toml (bad-2024) [rule_set]: default = 'false' must be true or false"),
    ],
    ids=["misspelt_key", "kind_not_table", "block_not_table", "target_group", "employment_type", "percentage", "flag"],
)
def test_a_broken_rule_file_is_one_line_naming_file_key_and_value(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = _write_rules(tmp_path / "rules", "bad-2024")
    path = folder / "bad-2024.toml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(RuleSetError) as raised:
        load_rule_sets(folder)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[routes.5]\nlabel = \"Social investment\"\nmax_share = 25",
         "bad-2024.toml (bad-2024) routes.5.max_share: 25 must be a share from 0 to 1 (0.25 is 25%)"),
        ("[routes.6]\nlabel = \"Open social impact\"\nneeds_justification = \"no\"",
         "bad-2024.toml (bad-2024) routes.6: needs_justification = 'no' must be true or false"),
        ("[purchasing]\nrecognised_share = 100",
         "bad-2024.toml (bad-2024) purchasing.recognised_share: 100 must be a share from 0 to 1 (0.25 is 25%)"),
        ("[bonuses.age_55_plus]\nlabel = \"55+\"\nkind = \"per_year\"\nper_year_eur = 10000\ncondition = \"age\"\nmin_age = \"55\"",
         "bad-2024.toml (bad-2024) bonuses.age_55_plus.min_age = '55' must be a whole number of years"),
        ("[bonus.age_55_plus]\nlabel = \"55+\"",
         "bad-2024.toml: unknown key bonus = "),
        ("[purchasing]\npso = 0.5",
         "bad-2024.toml (bad-2024) purchasing: pso = 0.5 must be a table [pso]"),
    ],
    ids=["route_share", "route_flag", "purchasing_share", "min_age", "misspelt_table", "not_a_table"],
)
def test_a_broken_optional_table_is_one_line_naming_file_key_and_value(tmp_path: Path, extra: str, message: str) -> None:
    folder = _write_rules(tmp_path / "rules", "bad-2024")
    path = folder / "bad-2024.toml"
    path.write_text(path.read_text() + "\n" + extra + "\n")
    with pytest.raises(RuleSetError) as raised:
        load_rule_sets(folder)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


def test_a_rule_file_whose_name_differs_from_its_file_is_refused(tmp_path: Path) -> None:
    folder = _write_rules(tmp_path / "rules", "one-2024")
    (folder / "one-2024.toml").rename(folder / "other-2024.toml")
    with pytest.raises(RuleSetError, match="must equal the file name"):
        load_rule_sets(folder)


# --- obligation: published cases, thresholds, switches, discounts --------------------

def test_published_obligation_cases() -> None:
    assert obligation(2_000_000) == 100_000_00  # €2,000,000 × 5% = €100,000
    assert obligation(500_000) == 25_000_00  # Parkstad: €500,000 × 5% = €25,000
    assert obligation(500_000, HAAGLANDEN) == 25_000_00


def test_below_the_threshold_there_is_no_obligation() -> None:
    result = compute_obligation(get_rule_set(), kind="dienst", value_cents=49_999_99, start=dt.date(2025, 1, 1),
                                end=dt.date(2025, 12, 31))
    assert result.cents == 0 and "threshold" in result.explanation
    assert obligation(50_000, kind="dienst") == 2_500_00


def test_thresholds_differ_by_kind(tmp_path: Path) -> None:
    rules = get_rule_set(None, _write_rules(tmp_path / "rules", "kinds-2024"))
    args = dict(value_cents=110_000_00, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert compute_obligation(rules, kind="werk", **args).cents == 5_500_00  # type: ignore[arg-type]
    assert compute_obligation(rules, kind="dienst", **args).cents == 0  # type: ignore[arg-type]


def test_labour_share_switch(tmp_path: Path) -> None:
    folder = _write_rules(tmp_path / "rules", "labour-2024", extra="[obligation.labour_share]\nbelow = 0.30\npercentage = 2")
    rules = get_rule_set(None, folder)

    def cents(share: str | None) -> int:
        return compute_obligation(rules, kind="werk", value_cents=1_000_000_00, start=dt.date(2024, 1, 1),
                                  end=dt.date(2024, 12, 31), labour_share=D(share) if share else None).cents

    assert cents("0.29") == 20_000_00  # labour under 30%: 2%
    assert cents("0.30") == 50_000_00  # at the limit: the normal 5%
    assert cents(None) == 50_000_00
    agreed = compute_obligation(rules, kind="werk", value_cents=1_000_000_00, start=dt.date(2024, 1, 1),
                                end=dt.date(2024, 12, 31), labour_share=D("0.1"), percentage=D(4))
    assert agreed.cents == 40_000_00 and "agreed" in agreed.explanation


def test_the_labour_sum_as_base(tmp_path: Path) -> None:
    folder = _write_rules(tmp_path / "rules", "sum-2024")
    path = folder / "sum-2024.toml"
    path.write_text(path.read_text().replace('base = "contract_value"', 'base = "labour_sum"'))
    rules = get_rule_set(None, folder)
    result = compute_obligation(rules, kind="werk", value_cents=1_000_000_00, start=dt.date(2024, 1, 1),
                                end=dt.date(2024, 12, 31), labour_share=D("0.4"))
    assert result.cents == 20_000_00  # 5% of €400,000
    with pytest.raises(ValuationError, match="labour share"):
        compute_obligation(rules, kind="werk", value_cents=1_000_000_00, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))


def test_pso_discounts_and_exemption(tmp_path: Path) -> None:
    folder = _write_rules(tmp_path / "rules", "pso-2024", extra='[obligation.pso]\ntrede_1 = 10\ntrede_2 = 25\ntrede_3 = "exempt"')
    rules = get_rule_set(None, folder)

    def cents(level: str | None) -> int:
        return compute_obligation(rules, kind="werk", value_cents=2_000_000_00, start=dt.date(2024, 1, 1),
                                  end=dt.date(2024, 12, 31), pso_level=level).cents

    assert [cents(None), cents("trede_1"), cents("trede_2"), cents("trede_3"), cents("aspirant")] == [
        100_000_00, 90_000_00, 75_000_00, 0, 100_000_00]


def test_per_year_obligation_sums_to_the_whole_and_follows_the_days() -> None:
    parts = split_per_year(100_000_00, dt.date(2025, 7, 1), dt.date(2027, 6, 30))
    assert [year for year, _ in parts] == [2025, 2026, 2027]
    assert sum(cents for _, cents in parts) == 100_000_00
    assert parts[1][1] == pytest.approx(50_000_00, rel=0.01)
    assert split_per_year(1, dt.date(2025, 1, 1), dt.date(2026, 12, 31)) == ((2025, 0), (2026, 1))


# --- valuation: rates, windows, bonuses, pro-rating -----------------------------------

def test_rijnmond_participatiewet_hourly_rate_makes_a_year_of_about_50000() -> None:
    year = person(RIJNMOND, "participatiewet", "40", "12")
    assert year == 50_003_20  # €24.04 × 2,080 h
    assert abs(year - 50_000_00) / 50_000_00 < 0.0001


def test_the_explanation_carries_the_arithmetic() -> None:
    valuation = value_contribution(get_rule_set(HAAGLANDEN), ContributionInput(
        route="1", target_group="participatiewet", hours_per_week=D(24), months=D(6)))
    assert valuation.value_cents == 13_333_33
    assert valuation.explanation == "Participatiewet (bijstand) €40,000.00/yr × 24/36 h × 6/12 months = €13,333.33"


@pytest.mark.parametrize(
    ("rules", "group", "counted_months"),
    [
        (HAAGLANDEN, "ww", 12),
        (HAAGLANDEN, "participatiewet", 24),
        (HAAGLANDEN, "wia", 24),
        (HAAGLANDEN, "wajong", None),  # banenafspraak: always
        (RIJNMOND, "participatiewet", 36),
        (RIJNMOND, "ww", 24),
        (RIJNMOND, "wia", None),
    ],
)
def test_counting_windows(rules: str, group: str, counted_months: int | None) -> None:
    start = dt.date(2024, 3, 1)
    end = dt.date(2028, 2, 29)  # four years
    valuation = value_contribution(get_rule_set(rules), ContributionInput(
        route="1", target_group=group, hours_per_week=D(36), start=start, end=end))
    if counted_months is None:
        assert valuation.counted_months == 48 and not valuation.window_reached
    else:
        assert valuation.counted_months == counted_months and valuation.window_reached
        assert "window" in valuation.explanation
    by_months = value_contribution(get_rule_set(rules), ContributionInput(
        route="1", target_group=group, hours_per_week=D(36), months=D(48)))
    assert by_months.value_cents == valuation.value_cents


def test_each_bonus_kind() -> None:
    hag, rij = get_rule_set(HAAGLANDEN), get_rule_set(RIJNMOND)

    def extra(rules: object, bonus: str, hours: str = "36", months: str = "12") -> int:
        base = ContributionInput(route="1", target_group="participatiewet", hours_per_week=D(hours), months=D(months))
        with_bonus = ContributionInput(route="1", target_group="participatiewet", hours_per_week=D(hours),
                                       months=D(months), bonuses=(bonus,))
        return value_contribution(rules, with_bonus).value_cents - value_contribution(rules, base).value_cents  # type: ignore[arg-type]

    assert extra(hag, "age_55_plus", "18", "6") == 2_500_00  # per year while counting: €10,000 × 18/36 × 6/12
    assert extra(hag, "after_internship", "18", "6") == 25_000_00  # one-off
    assert extra(rij, "permanent_contract", "20", "6") == 25_000_00  # one extra year of €50,000 × 20/40
    assert extra(rij, "age_56_plus", "40", "12") == 4_992_00  # per hour: 2,080 h × €2.40
    with pytest.raises(ValuationError, match="no bonus 'age_55_plus'"):
        extra(rij, "age_55_plus")


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30), D(6)),
        (dt.date(2025, 1, 15), dt.date(2025, 2, 14), D(1)),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 15), D("0.4839")),  # 15 of 31 days
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), D(1)),  # leap February
        (dt.date(2025, 3, 31), dt.date(2025, 3, 31), D("0.0323")),  # one day
        (dt.date(2025, 5, 1), dt.date(2025, 4, 30), D(0)),  # ends before it starts
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), D(1)),  # from the 31st: February is the month
        (dt.date(2025, 1, 31), dt.date(2025, 2, 27), D("0.9032")),  # 28 of January's 31 days
        (dt.date(2025, 1, 31), dt.date(2025, 3, 1), D("1.0323")),  # one month and 1 March
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), D(1)),  # leap February
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28), D(12)),  # a year from a leap day
        (dt.date(2025, 1, 31), dt.date(2025, 4, 30), D(3)),
    ],
)
def test_pro_rating_at_the_edges_of_a_term(start: dt.date, end: dt.date, months: Decimal) -> None:
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("rules", "group", "start", "window_ends"),
    [
        (HAAGLANDEN, "ww", dt.date(2024, 2, 29), dt.date(2025, 2, 28)),  # 12 months from a leap day
        (HAAGLANDEN, "participatiewet", dt.date(2024, 2, 29), dt.date(2026, 2, 28)),
        (RIJNMOND, "participatiewet", dt.date(2025, 3, 31), dt.date(2028, 3, 30)),
        (RIJNMOND, "ww", dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
    ],
)
def test_a_counting_window_ends_the_day_before_its_months_are_up(
        rules: str, group: str, start: dt.date, window_ends: dt.date) -> None:
    rule_set = get_rule_set(rules)
    window = rule_set.block_for(group).window_months
    assert window is not None

    def valued(end: dt.date) -> object:
        return value_contribution(rule_set, ContributionInput(route="1", target_group=group, hours_per_week=D(36),
                                                              start=start, end=end))

    last_day = valued(window_ends)
    assert last_day.window_ends == window_ends and not last_day.window_reached  # type: ignore[attr-defined]
    assert last_day.counted_months == window  # type: ignore[attr-defined]
    after = valued(window_ends + dt.timedelta(days=40))
    assert after.window_reached and after.counted_months == window  # type: ignore[attr-defined]
    assert after.value_cents == last_day.value_cents == value_contribution(  # type: ignore[attr-defined]
        rule_set, ContributionInput(route="1", target_group=group, hours_per_week=D(36), months=D(window))).value_cents


def test_a_window_counts_from_the_last_benefit_or_an_earlier_line() -> None:
    rij, hag = get_rule_set(RIJNMOND), get_rule_set(HAAGLANDEN)
    # Rijnmond: up to 3 years after the last benefit (31 Dec 2023); the work starts a year later
    late = value_contribution(rij, ContributionInput(
        route="1", target_group="participatiewet", hours_per_week=D(40), start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31), counts_from=dt.date(2024, 1, 1)))
    assert late.counted_months == 24 and late.window_ends == dt.date(2026, 12, 31) and late.window_reached
    assert late.value_cents == 100_006_40  # 4,160 h × €24.04
    assert "counting window of 36 months from 2024-01-01 reached on 2026-12-31" in late.explanation
    # Haaglanden WW counts 12 months: a second yearly line for the same person counts nothing
    second = value_contribution(hag, ContributionInput(
        route="1", target_group="ww", hours_per_week=D(36), start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
        counts_from=dt.date(2025, 1, 1)))
    assert second.value_cents == 0 and second.counted_months == 0 and second.window_reached
    straddling = value_contribution(hag, ContributionInput(
        route="1", target_group="ww", hours_per_week=D(36), start=dt.date(2025, 7, 1), end=dt.date(2026, 6, 30),
        counts_from=dt.date(2025, 1, 1)))
    assert straddling.counted_months == 6 and straddling.value_cents == 10_000_00


def test_a_year_from_a_leap_day_is_worth_one_year() -> None:
    rule_set = get_rule_set(HAAGLANDEN)
    year = value_contribution(rule_set, ContributionInput(route="1", target_group="wajong", hours_per_week=D(36),
                                                          start=dt.date(2024, 2, 29), end=dt.date(2025, 2, 28)))
    assert year.counted_months == 12 and year.value_cents == 50_000_00


def test_a_placement_half_a_month_into_its_term() -> None:
    value = value_contribution(get_rule_set(HAAGLANDEN), ContributionInput(
        route="1", target_group="participatiewet", hours_per_week=D(36), start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 15)))
    assert value.value_cents == to_cents(D(40000) * D("0.4839") / 12)


def test_hours_above_full_time_count_as_full_time_and_a_minimum_is_honoured(tmp_path: Path) -> None:
    assert person(HAAGLANDEN, "ww", "40", "12") == person(HAAGLANDEN, "ww", "36", "12") == 20_000_00
    rules = get_rule_set(None, _write_rules(tmp_path / "rules", "minimum-2024"))
    below = value_contribution(rules, ContributionInput(route="1", target_group="participatiewet",
                                                        hours_per_week=D(11), months=D(12)))
    assert below.value_cents == 0 and "minimum" in below.explanation
    assert value_contribution(rules, ContributionInput(route="1", target_group="participatiewet",
                                                       hours_per_week=D(12), months=D(12))).value_cents == 13_333_33


def test_learning_places_value_by_contract_type() -> None:
    rij = get_rule_set(RIJNMOND)
    bbl = value_contribution(rij, ContributionInput(route="1", target_group="participatiewet", employment_type="bbl",
                                                    hours_per_week=D(40), months=D(12)))
    assert bbl.block == "bbl_vso_pro" and bbl.value_cents == 14_996_80  # €7.21 × 2,080 h
    intern = value_contribution(rij, ContributionInput(route="2", target_group="bbl_bol", employment_type="internship",
                                                       hours_per_week=D(40), months=D(12)))
    assert intern.block == "intern_bol" and intern.value_cents == 7_488_00


@pytest.mark.parametrize(
    ("group", "employment", "block", "cents"),
    [
        ("vso_pro", "internship", "internship_vso_pro", 7_500_00),  # the vso/PrO internship block, not mbo/hbo
        ("bbl_bol", "internship", "internship_mbo_hbo", 5_000_00),
        ("participatiewet", "internship", "internship_mbo_hbo", 5_000_00),
        ("vso_pro", "bbl", "bbl_level_2", 25_000_00),
        ("vso_pro", None, "internship_vso_pro", 7_500_00),
        ("ww", None, "ww", 20_000_00),
    ],
)
def test_a_haaglanden_learning_place_takes_the_block_of_its_group_and_contract_type(
        group: str, employment: str | None, block: str, cents: int) -> None:
    valued = value_contribution(get_rule_set(HAAGLANDEN), ContributionInput(
        route="2" if employment else "1", target_group=group, employment_type=employment,
        hours_per_week=D(36), months=D(12)))
    assert (valued.block, valued.value_cents) == (block, cents)


def test_purchases_activities_and_stated_routes() -> None:
    rij = get_rule_set(RIJNMOND)
    bought = value_contribution(rij, ContributionInput(route="3", amount_cents=12_000_00, supplier_status="erkend"))
    assert bought.value_cents == 12_000_00 and "recognised" in bought.explanation
    not_se = value_contribution(rij, ContributionInput(route="3", amount_cents=12_000_00))
    assert not_se.value_cents == 0
    lesson = value_contribution(rij, ContributionInput(route="4", activity="guest_lesson", quantity=D(3)))
    assert lesson.value_cents == 450_00
    language = value_contribution(rij, ContributionInput(route="2", activity="language_training", amount_cents=1_500_00))
    assert language.value_cents == 2_000_00  # cost + 100%, at most €2,000
    with pytest.raises(ValuationError, match="justification"):
        value_contribution(rij, ContributionInput(route="6", amount_cents=20_000_00))
    with pytest.raises(ValuationError, match="minimum"):
        value_contribution(rij, ContributionInput(route="5", amount_cents=9_999_99))
    assert value_contribution(rij, ContributionInput(route="6", amount_cents=20_000_00,
                                                     justification="neighbourhood job fair")).value_cents == 20_000_00


# --- route caps, status, penalty ------------------------------------------------------

def test_route_caps_count_at_most_a_share_of_the_obligation() -> None:
    result = apply_route_caps(get_rule_set(RIJNMOND), 100_000_00, {"1": 30_000_00, "5": 40_000_00, "6": 12_000_00})
    assert result.by_route == {"1": 30_000_00, "5": 25_000_00, "6": 10_000_00}
    assert result.capped == {"5": 15_000_00, "6": 2_000_00}
    assert result.counted_cents == 65_000_00
    # Haaglanden states no caps
    assert apply_route_caps(get_rule_set(HAAGLANDEN), 100_000_00, {"5": 40_000_00}).counted_cents == 40_000_00


def test_status_on_track_at_risk_overdue_settled() -> None:
    term = dict(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    mid = dt.date(2025, 7, 2)  # 50.1% of the term
    assert contract_status(obligation_cents=100_00, realised_cents=51_00, today=mid, **term)[0] == "on_track"  # type: ignore[arg-type]
    assert contract_status(obligation_cents=100_00, realised_cents=49_00, today=mid, **term)[0] == "at_risk"  # type: ignore[arg-type]
    after = dt.date(2026, 1, 1)
    assert contract_status(obligation_cents=100_00, realised_cents=99_00, today=after, **term)[0] == "overdue"  # type: ignore[arg-type]
    assert contract_status(obligation_cents=100_00, realised_cents=100_00, today=after, **term)[0] == "on_track"  # type: ignore[arg-type]
    assert contract_status(obligation_cents=100_00, realised_cents=0, today=mid, report_missed=True, **term)[0] == "overdue"  # type: ignore[arg-type]
    assert contract_status(obligation_cents=100_00, realised_cents=0, today=after, settled=True, **term)[0] == "settled"  # type: ignore[arg-type]


def test_rijnmond_penalty_is_125_percent_of_the_unfilled_part() -> None:
    assert penalty_cents(get_rule_set(RIJNMOND), 40_000_00) == 50_000_00
    assert penalty_cents(get_rule_set(RIJNMOND), 40_000_00, best_efforts=True) == 0
    assert penalty_cents(get_rule_set(HAAGLANDEN), 40_000_00) == 0


# --- exact money ----------------------------------------------------------------------

def _exact(per_year: int, hours: Fraction, full: int, months: Fraction) -> int:
    """Half-up rounding of the exact rational value, independently of Decimal."""
    cents = Fraction(per_year * 100) * hours / full * months / 12
    whole, rest = divmod(cents.numerator, cents.denominator)
    return whole + (1 if 2 * rest >= cents.denominator else 0)


def test_ten_thousand_valuations_are_exact_to_the_cent() -> None:
    rng = random.Random(11)
    rules = get_rule_set(HAAGLANDEN)
    total = 0
    exact_total = 0
    float_total = 0.0
    for _ in range(10_000):
        group = rng.choice(["participatiewet", "ww", "wia", "wajong", "zonder_uitkering"])
        hours = Fraction(rng.randint(8, 72), 2)
        months = Fraction(rng.randint(1, 100), 10)
        block = rules.block_for(group)
        counted = min(months, Fraction(block.window_months)) if block.window_months else months
        value = value_contribution(rules, ContributionInput(
            route="1", target_group=group, hours_per_week=D(hours.numerator) / D(hours.denominator),
            months=D(months.numerator) / D(months.denominator))).value_cents
        assert value == _exact(int(block.per_year), min(hours, Fraction(36)), 36, counted)
        total += value
        exact_total += _exact(int(block.per_year), min(hours, Fraction(36)), 36, counted)
        float_total += value / 100
    assert total == exact_total
    assert isinstance(total, int)


@pytest.mark.parametrize(
    ("text", "cents"),
    [("1250000", 125_000_000), ("1.250.000,00", 125_000_000), ("€ 1,250,000.50", 125_000_050), ("24,04", 2404),
     ("2.000", 200_000), ("0.5", 50)],
)
def test_euro_amounts_are_read_exactly(text: str, cents: int) -> None:
    assert parse_euros(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "-5", "1.001,005", "NaN"])
def test_bad_euro_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValuationError):
        parse_euros(text)


@pytest.mark.parametrize("rules", [RIJNMOND, HAAGLANDEN])
def test_every_target_group_has_a_building_block_in_every_shipped_rule_set(rules: str) -> None:
    from srmatch.store.models import TargetGroup

    rule_set = get_rule_set(rules)
    for group in TargetGroup:
        assert rule_set.block_for(group.value).per_year > 0


@pytest.mark.parametrize(
    ("item", "dutch"),
    [
        (ContributionInput(route="1", block="geen_blok", hours_per_week=D(24), months=D(6)),
         "regelset rijnmond-2024 heeft geen bouwblok 'geen_blok' (bekend: "),
        (ContributionInput(route="1", hours_per_week=D(24), months=D(6)),
         "een bijdrage voor werken of leren heeft een doelgroep of een bouwblok nodig"),
        (ContributionInput(route="1", target_group="participatiewet", hours_per_week=D(24), months=D(-1)),
         "het aantal maanden moet 0 of meer zijn"),
        (ContributionInput(route="1", target_group="participatiewet", hours_per_week=D(24)),
         "een bijdrage voor werken of leren heeft een startdatum of een aantal maanden nodig"),
        (ContributionInput(route="1", target_group="participatiewet", hours_per_week=D(24), start=dt.date(2025, 1, 1)),
         "een bijdrage voor werken of leren heeft een einddatum nodig (of de datum tot wanneer wordt gewaardeerd)"),
        (ContributionInput(route="1", target_group="participatiewet", months=D(6)),
         "een bijdrage voor werken of leren heeft de uren per week nodig (0 of meer)"),
        (ContributionInput(route="1", target_group="participatiewet", hours_per_week=D(24), months=D(6),
                           bonuses=("age_55_plus",)),
         "regelset rijnmond-2024 heeft geen bonus 'age_55_plus' (bekend: age_56_plus, permanent_contract)"),
        (ContributionInput(route="4", activity="dansles", quantity=D(3)),
         "regelset rijnmond-2024 heeft geen activiteit 'dansles' (bekend: "),
    ],    ids=["block", "group_or_block", "months", "start", "end", "hours", "bonus", "activity"],
)
def test_a_value_the_user_typed_is_refused_in_dutch(item: ContributionInput, dutch: str) -> None:
    from srmatch.i18n import set_language

    set_language("nl")
    with pytest.raises(ValuationError) as raised:
        value_contribution(get_rule_set(RIJNMOND), item)
    assert str(raised.value).startswith(dutch)


def test_an_obligation_that_cannot_be_computed_is_refused_in_dutch() -> None:
    from srmatch.i18n import set_language

    set_language("nl")
    with pytest.raises(ValuationError) as raised:
        obligation(1_000_000, kind="bouw")
    assert str(raised.value) == "regelset rijnmond-2024 heeft geen verplichtingsregel voor de soort opdracht 'bouw'"
    with pytest.raises(ValuationError) as raised:
        obligation(1_000_000, labour_share=D("1.5"))
    assert str(raised.value) == "loonaandeel 1.5 moet een fractie tussen 0 en 1 zijn (bijvoorbeeld 0.25)"


def test_an_unknown_bonus_on_the_command_line_is_one_dutch_line(capsys: pytest.CaptureFixture[str]) -> None:
    from srmatch.cli import main

    code = main(["--lang", "nl", "valuation", "calc", "--rules", RIJNMOND, "--target-group", "participatiewet",
                 "--hours-per-week", "24", "--months", "6", "--bonus", "age_55_plus"])
    assert code == 1
    assert capsys.readouterr().err == (
        "srmatch: fout: regelset rijnmond-2024 heeft geen bonus 'age_55_plus' (bekend: age_56_plus, permanent_contract)\n")


# --- a municipality writes its own rules: every regional difference of DOMAIN.md as data --

NEW_REGION = """\
[rule_set]
name = "noord-2025"
region = "noord"
title = "A municipality's own rules"
valid_from = 2025-01-01
status = "confirmed"
source = "written for a test from DOMAIN.md, 'How regional rules differ'"
default = false

[obligation]
base = "contract_value"
cap_eur = 300000                  # Sudwest-Fryslan: at most EUR 300,000 per contract

[obligation.kinds.werk]
percentage = 5
threshold_eur = 250000            # central government: EUR 250,000 and at least 6 months
min_term_months = 6

[obligation.labour_share]         # Oldenzaal: 2% when labour is under 30%
below = 0.30
percentage = 2

[obligation.pso]                  # Leiden 25% off; Noordoost-Brabant: exempt from trede 2
trede_1 = 25
trede_2 = "exempt"
trede_3 = "exempt"
pso_30_plus = "exempt"

[full_time]
basis = "yearly"
hours_per_week = 40               # older Utrecht
min_hours_per_week = 12           # Harlingen: at least 12 h/week

[blocks.ww]
label = "WW"
route = 1
per_year_eur = 20000
window_months = 12                # Oost-Nederland: 1 year
target_groups = ["ww"]

[blocks.participatiewet]
label = "Participatiewet"
route = 1
per_year_eur = 40000
window_months = 24                # Oost-Nederland: 2 years
target_groups = ["participatiewet"]

[blocks.banenafspraak]
label = "Banenafspraak"
route = 1
per_year_eur = 50000              # always
target_groups = ["banenafspraak", "wajong"]

[bonuses.age_50_plus]
label = "50+"
kind = "per_year"
per_year_eur = 5000
condition = "age"
min_age = 50

[bonuses.permanent_contract]      # Utrecht: +EUR 10,000 for a permanent contract
label = "permanent contract"
kind = "one_off"
amount_eur = 10000
condition = "permanent_contract"

[bonuses.newcomer]                # Utrecht: +EUR 10,000 for newcomers
label = "newcomer"
kind = "one_off"
amount_eur = 10000
condition = "newcomer"

[activities.training]             # Utrecht: EUR 100 per employee-hour
label = "Training per employee-hour"
kind = "per_hour"
amount_eur = 100
"""


def _new_region(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    from srmatch.services.rules import rules_dir

    for shipped in rules_dir().glob("*.toml"):
        (folder / shipped.name).write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "noord-2025.toml").write_text(NEW_REGION, encoding="utf-8")
    return folder


def test_a_new_rule_file_holds_every_regional_difference_without_code(tmp_path: Path) -> None:
    rules = get_rule_set("noord-2025", _new_region(tmp_path))

    def owed(value_eur: int, end: dt.date = dt.date(2025, 12, 31), **kwargs: object) -> int:
        return compute_obligation(rules, kind="werk", value_cents=value_eur * 100, start=dt.date(2025, 1, 1), end=end,
                                  **kwargs).cents  # type: ignore[arg-type]

    assert owed(2_000_000) == 100_000_00
    assert owed(20_000_000) == 300_000_00  # capped
    assert owed(249_999) == 0  # under the threshold
    assert owed(2_000_000, end=dt.date(2025, 5, 31)) == 0  # 5 months: shorter than 6
    assert owed(2_000_000, end=dt.date(2025, 6, 30)) == 100_000_00  # 6 months
    assert owed(1_000_000, labour_share=D("0.25")) == 20_000_00  # 2%
    assert [owed(2_000_000, pso_level=level) for level in ("trede_1", "trede_2", "trede_3", "basistrede")] == [
        75_000_00, 0, 0, 100_000_00]

    def worth(group: str, hours: str, months: str, *bonuses: str) -> int:
        return value_contribution(rules, ContributionInput(route="1", target_group=group, hours_per_week=D(hours),
                                                           months=D(months), bonuses=bonuses)).value_cents

    assert worth("ww", "40", "18") == 20_000_00  # one year counts
    assert worth("ww", "20", "12") == 10_000_00  # 20 of 40 hours
    assert worth("ww", "11", "12") == 0  # under 12 h/week
    assert worth("participatiewet", "40", "30") == 80_000_00  # two years count
    assert worth("wajong", "40", "60") == 250_000_00  # always
    assert worth("participatiewet", "40", "12", "age_50_plus", "permanent_contract", "newcomer") == 65_000_00
    training = value_contribution(rules, ContributionInput(route="4", activity="training", quantity=D(3)))
    assert training.value_cents == 300_00


def test_a_new_rule_file_is_used_at_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from srmatch.cli import main
    from srmatch.services import rules

    folder = _new_region(tmp_path)
    monkeypatch.setattr(rules, "_shipped_folder", lambda: folder.resolve())
    assert main(["valuation", "rules", "--json"]) == 0
    assert "noord-2025" in [s["name"] for s in json.loads(capsys.readouterr().out)]
    assert main(["valuation", "calc", "--rules", "noord-2025", "--target-group", "ww", "--hours-per-week", "20",
                 "--months", "18", "--bonus", "permanent_contract", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == 20000.0  # 6 months over the window do not count
    assert main(["valuation", "show", "--rules", "noord-2025"]) == 0
    assert "werk: 5% from €250,000.00, for a term of at least 6 months" in capsys.readouterr().out
    assert main(["valuation", "show", "--rules", "noord-2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["obligation"]["kinds"]["werk"] == {
        "percentage": 5.0, "threshold": 250000.0, "min_term_months": 6}


def test_an_unknown_employment_type_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from srmatch.cli import main

    code = main(["valuation", "calc", "--target-group", "participatiewet", "--hours-per-week", "24", "--months", "6",
                 "--employment-type", "stage"])
    err = capsys.readouterr().err
    assert code == 1 and "employment type 'stage' is not one of fixed_term, permanent, bbl, internship" in err
    assert len(err.strip().splitlines()) == 1


def test_the_rule_set_in_words_writes_numbers_as_the_rule_file_does(capsys: pytest.CaptureFixture[str]) -> None:
    from srmatch.cli import main

    assert main(["valuation", "show", "--rules", RIJNMOND]) == 0
    out = capsys.readouterr().out
    assert "5 Social investment: at most 25% of the obligation; at least €10,000.00 per line" in out
    assert "6 Open social impact: at most 10% of the obligation" in out
    assert "Purchases from recognised social enterprises: 100% of the invoice excl. VAT" in out
    assert "language_training                  at cost × 2, at most €2,000.00" in out
    assert "at cost at cost" not in out


def test_valuation_calc_by_dates_counts_calendar_months_and_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from srmatch.cli import main

    def calc(*args: str) -> tuple[int, dict[str, object] | str]:
        code = main(["valuation", "calc", "--target-group", "participatiewet", "--hours-per-week", "40", *args])
        captured = capsys.readouterr()
        return code, json.loads(captured.out) if code == 0 and "--json" in args else captured.err

    code, by_dates = calc("--start-date", "2025-01-31", "--end-date", "2025-02-28", "--json")
    code_m, by_months = calc("--months", "1", "--json")
    assert code == code_m == 0 and by_dates["value"] == by_months["value"]  # type: ignore[index]
    code, late = calc("--start-date", "2025-01-01", "--end-date", "2027-12-31", "--counts-from", "2024-01-01", "--json")
    assert code == 0 and late["value"] == 100006.4  # type: ignore[index]
    for wrong in (("--end-date", "2025-12-31"), (), ("--months", "6", "--start-date", "2025-01-01", "--end-date", "2025-06-30")):
        code, err = calc(*wrong)
        assert code != 0 and "give --months, or --start-date with --end-date" in str(err), wrong


def test_the_contractors_own_full_time_where_the_rule_set_takes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    import json

    from srmatch.cli import main
    from srmatch.services import rules

    folder = _new_region(tmp_path)
    (folder / "friesland-2025.toml").write_text(
        NEW_REGION.replace('name = "noord-2025"', 'name = "friesland-2025"').replace('region = "noord"', 'region = "friesland"')
        .replace("min_hours_per_week = 12           # Harlingen: at least 12 h/week",
                 "min_hours_per_week = 0\ncontractor_hours = true         # Friesland: the contractor's own yearly hours"),
        encoding="utf-8")
    monkeypatch.setattr(rules, "_shipped_folder", lambda: folder.resolve())
    base = ["--db", database_url, "--user", "km.visser"]

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*base, *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    assert run("users", "add", "km.visser", "--role", "admin")[0] == 0
    for kvk, name, kind in (("24000001", "Gemeente Leeuwarden", "authority"), ("24000002", "Bouw Noord", "contractor")):
        assert run("organisations", "add", kvk, "--name", name, "--kind", kind)[0] == 0
    contract = ["--title", "Wegen", "--buyer", "24000001", "--contractor", "24000002", "--kind", "werk",
                "--value", "2000000", "--start", "2025-01-01", "--end", "2026-12-31"]
    code, _, err = run("contracts", "add", "OPD-R", *contract, "--full-time-hours-per-year", "1950")
    assert code == 1 and "rule set rijnmond-2024 does not take a contractor's own full time" in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run("contracts", "add", "OPD-F", *contract, "--rules", "friesland-2025",
                         "--full-time-hours-per-year", "1950", "--json")
    assert code == 0, err
    assert json.loads(out)["full_time_hours_per_year"] == 1950

    def line(hours: str, reference: str = "OPD-F") -> dict[str, object]:
        code, out, err = run("contributions", "add", reference, "--route", "1", "--start", "2025-01-01", "--end",
                             "2025-12-31", "--target-group", "participatiewet", "--hours-per-week", hours, "--json")
        assert code == 0, err
        return json.loads(out)  # type: ignore[no-any-return]

    thirty = line("30")  # €40,000 × 30 h × 52 / 1,950 h = €32,000 (on the rule set's 40 h week: €30,000)
    assert thirty["value"] == 32000.0 and "1560/1950 h/yr" in str(thirty["explanation"])
    assert line("45")["value"] == 40000.0  # above the contractor's full time: full time
    assert run("contracts", "add", "OPD-G", *contract, "--rules", "friesland-2025")[0] == 0
    assert line("30", "OPD-G")["value"] == 30000.0  # no hours stated: the rule set's own 40 h week
    code, _, err = run("contracts", "set", "OPD-F", "--rules", "noord-2025")
    assert code == 1 and "rule set noord-2025 does not take a contractor's own full time" in err
    code, out, err = run("valuation", "calc", "--rules", "friesland-2025", "--target-group", "participatiewet",
                         "--hours-per-week", "30", "--months", "12", "--full-time-hours-per-year", "1950", "--json")
    assert code == 0 and json.loads(out)["value"] == 32000.0, err
    code, _, err = run("valuation", "calc", "--target-group", "participatiewet", "--hours-per-week", "30",
                       "--months", "12", "--full-time-hours-per-year", "1950")
    assert code == 1 and "rule set rijnmond-2024 does not take a contractor's own full time" in err
