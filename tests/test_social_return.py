"""The social-return books on a real database (SQLite and PostgreSQL): contracts and their
obligation, contributions and their approval, route 1 from placements, status, enforcement,
the contractor's sheet in and out, reports and the programme figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func
from sqlmodel import select

from srmatch.cli import main
from srmatch.errors import UserFacingError
from srmatch.services import social_return as sr
from srmatch.services import users
from srmatch.services.audit import Actor
from srmatch.services.reports import import_contributions, social_return_report, write_contractor_template
from srmatch.services.rules import get_rule_set
from srmatch.services.social_return import ContributionRequest
from srmatch.services.valuation import ContributionInput, value_contribution
from srmatch.store.engine import session_scope
from srmatch.store.models import AuditEvent, Contribution, JobSeeker, Placement, Vacancy

TODAY = dt.date(2026, 7, 1)
BUYER, CONTRACTOR, SOCIAL, ANCHOR = "24000001", "24000002", "24000003", "24000004"


@dataclass
class Books:
    engine: Engine
    manager: Actor
    colleague: Actor
    caseworker: Actor


@pytest.fixture
def books(engine: Engine) -> Books:
    boot = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, boot, "it.beheer", "admin")
    admin = users.resolve_actor(engine, "it.beheer")
    users.add_user(engine, admin, "km.visser", "account_manager", "Kim Visser")
    users.add_user(engine, admin, "am.bakker", "account_manager", "Ali Bakker")
    users.add_user(engine, admin, "cw.jansen", "caseworker")
    manager = users.resolve_actor(engine, "km.visser")
    sr.add_organisation(engine, manager, name="Gemeente Rotterdam", kvk_number=BUYER, kinds=["authority"])
    sr.add_organisation(engine, manager, name="Bouwbedrijf Maas", kvk_number=CONTRACTOR, kinds=["contractor"])
    sr.add_organisation(engine, manager, name="Sociaal Werkt", kvk_number=SOCIAL, kinds=[],
                        social_enterprise_status="erkend", social_enterprise_since=dt.date(2023, 1, 1))
    sr.add_organisation(engine, manager, name="Ziekenhuis Zuid", kvk_number=ANCHOR, kinds=["anchor"])
    return Books(engine, manager, users.resolve_actor(engine, "am.bakker"), users.resolve_actor(engine, "cw.jansen"))


def add_contract(books: Books, reference: str = "OPD-1", value: int = 2_000_000_00, **kwargs: object) -> sr.ContractDetail:
    args: dict[str, object] = dict(title="Onderhoud kades", buyer_kvk=BUYER, contractor_kvk=CONTRACTOR, kind="werk",
                                   value_cents=value, start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31), today=TODAY)
    args.update(kwargs)
    return sr.add_contract(books.engine, books.manager, reference, **args)  # type: ignore[arg-type]


def purchase(books: Books, amount: int, reference: str = "OPD-1", submit: bool = True) -> sr.ContributionRow:
    return sr.add_contribution(books.engine, books.manager, reference, ContributionRequest(
        route="3", period_start=dt.date(2025, 6, 1), amount_cents=amount, supplier_kvk=SOCIAL), submit=submit)


def test_a_purchase_counts_only_from_the_day_the_supplier_is_recognised(books: Books) -> None:
    add_contract(books)
    sr.add_organisation(books.engine, books.manager, name="Nieuw Sociaal", kvk_number="24000099", kinds=[],
                        social_enterprise_status="erkend", social_enterprise_since=dt.date(2025, 6, 1))

    def bought(day: dt.date) -> sr.ContributionRow:
        return sr.add_contribution(books.engine, books.manager, "OPD-1", ContributionRequest(
            route="3", period_start=day, amount_cents=12_000_00, supplier_kvk="24000099"))

    before = bought(dt.date(2025, 5, 31))
    assert before.value_cents == 0 and "2025-06-01" in (before.explanation or "")
    assert bought(dt.date(2025, 6, 1)).value_cents == 12_000_00


def test_a_contract_gets_its_obligation_from_the_rule_set(books: Books) -> None:
    detail = add_contract(books)
    assert detail.row.obligation_cents == 100_000_00
    assert detail.row.rule_set == "rijnmond-2024"
    assert "€2,000,000.00" in detail.obligation_explanation and "5%" in detail.obligation_explanation
    assert sum(cents for _, cents in detail.per_year) == 100_000_00 and len(detail.per_year) == 3
    assert detail.row.status == "at_risk" and detail.row.shortfall_cents == 100_000_00
    parkstad = add_contract(books, "OPD-2", 500_000_00)
    assert parkstad.row.obligation_cents == 25_000_00


def test_an_override_needs_a_reason_and_can_be_cleared(books: Books) -> None:
    add_contract(books)
    with pytest.raises(UserFacingError, match="reason"):
        sr.set_contract(books.engine, books.manager, "OPD-1", obligation_override_cents=80_000_00)
    assert sr.show_contract(books.engine, "OPD-1", today=TODAY).row.obligation_cents == 100_000_00  # nothing changed
    changed = sr.set_contract(books.engine, books.manager, "OPD-1", obligation_override_cents=80_000_00,
                              override_reason="agreed in the award letter", today=TODAY)
    assert changed.row.obligation_cents == 80_000_00 and "award letter" in changed.obligation_explanation
    back = sr.set_contract(books.engine, books.manager, "OPD-1", clear_override=True, today=TODAY)
    assert back.row.obligation_cents == 100_000_00


def test_a_changed_value_recomputes_the_obligation(books: Books) -> None:
    add_contract(books)
    assert sr.set_contract(books.engine, books.manager, "OPD-1", value_cents=3_000_000_00,
                           today=TODAY).row.obligation_cents == 150_000_00
    agreed = sr.set_contract(books.engine, books.manager, "OPD-1", percentage=Decimal(3), today=TODAY)
    assert agreed.row.obligation_cents == 90_000_00 and agreed.row.percentage == 3.0


def test_only_account_managers_and_admins_change_the_books(books: Books) -> None:
    with pytest.raises(UserFacingError, match="cw.jansen"):
        add_contract(books, kind="werk") if False else sr.add_contract(
            books.engine, books.caseworker, "OPD-X", title="x", buyer_kvk=BUYER, contractor_kvk=CONTRACTOR, kind="werk",
            value_cents=1, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    add_contract(books)
    row = purchase(books, 5_000_00)
    with pytest.raises(UserFacingError):
        sr.review_contribution(books.engine, books.caseworker, row.id, "approve")
    assert sr.list_contracts(books.engine, "OPD-X") == []


def test_unknown_organisations_and_bad_input_change_nothing(books: Books) -> None:
    with pytest.raises(UserFacingError, match="99999999"):
        add_contract(books, contractor_kvk="99999999")
    with pytest.raises(UserFacingError, match="before"):
        add_contract(books, start=dt.date(2026, 1, 1), end=dt.date(2025, 1, 1))
    with pytest.raises(UserFacingError, match="8 digits"):
        sr.add_organisation(books.engine, books.manager, name="x", kvk_number="123", kinds=["contractor"])
    assert sr.list_contracts(books.engine) == []


def test_only_approved_lines_count_and_the_approver_is_recorded(books: Books) -> None:
    add_contract(books)
    line = purchase(books, 30_000_00, submit=False)
    assert line.status == "draft" and line.value_cents == 30_000_00
    assert sr.show_contract(books.engine, "OPD-1", today=TODAY).row.realised_cents == 0
    sr.review_contribution(books.engine, books.manager, line.id, "submit")
    assert sr.show_contract(books.engine, "OPD-1", today=TODAY).pending_cents == 30_000_00
    approved = sr.review_contribution(books.engine, books.colleague, line.id, "approve")
    assert approved.approved_by == "am.bakker"
    detail = sr.show_contract(books.engine, "OPD-1", today=TODAY)
    assert detail.row.realised_cents == 30_000_00 and detail.realised_by_route == {"3": 30_000_00}
    rejected = purchase(books, 10_000_00)
    with pytest.raises(UserFacingError, match="reason"):
        sr.review_contribution(books.engine, books.manager, rejected.id, "reject")
    sr.review_contribution(books.engine, books.manager, rejected.id, "reject", note="no invoice")
    assert sr.show_contract(books.engine, "OPD-1", today=TODAY).row.realised_cents == 30_000_00


def test_open_social_impact_needs_a_justification_and_a_second_person(books: Books) -> None:
    add_contract(books)
    with pytest.raises(UserFacingError, match="justification"):
        sr.add_contribution(books.engine, books.manager, "OPD-1", ContributionRequest(
            route="6", period_start=dt.date(2025, 5, 1), amount_cents=12_000_00), submit=True)
    line = sr.add_contribution(books.engine, books.manager, "OPD-1", ContributionRequest(
        route="6", period_start=dt.date(2025, 5, 1), amount_cents=12_000_00,
        justification="job fair in Feijenoord with 40 visitors"), submit=True)
    with pytest.raises(UserFacingError, match="second person"):
        sr.review_contribution(books.engine, books.manager, line.id, "approve")
    approved = sr.review_contribution(books.engine, books.colleague, line.id, "approve")
    assert approved.status == "approved" and approved.second_approved_by == "am.bakker"
    # open impact counts for at most 10% of the obligation
    detail = sr.show_contract(books.engine, "OPD-1", today=TODAY)
    assert detail.realised_by_route == {"6": 10_000_00} and detail.capped_by_route == {"6": 2_000_00}


def _placement(books: Books, *, group: str = "participatiewet", employment: str = "fixed_term",
               duration: int | None = 12, hours: int = 24) -> int:
    with session_scope(books.engine) as session:
        contract = session.exec(select(sr.Contract).where(sr.Contract.reference == "OPD-1")).one()
        seeker = JobSeeker(client_number=f"KL{group[:6]}{employment[:3]}", display_name="Test Persoon", postcode="3072",
                           target_group=group)
        vacancy = Vacancy(reference=f"VAC-{group[:6]}-{employment[:3]}", employer_id=contract.contractor_id,
                          contract_id=contract.id, title="Medewerker groen", postcode="3072",
                          employment_type=employment, duration_months=duration, opened_on=dt.date(2025, 1, 1))
        session.add_all([seeker, vacancy])
        session.flush()
        placement = Placement(seeker_id=seeker.id or 0, vacancy_id=vacancy.id or 0, status="started",
                              start_date=dt.date(2025, 3, 1), hours_per_week=hours, employment_type=employment)
        session.add(placement)
        session.flush()
        assert placement.id is not None
        return placement.id


def _sync(books: Books, placement_id: int, **changes: object) -> Contribution | None:
    with session_scope(books.engine) as session:
        placement = session.get(Placement, placement_id)
        assert placement is not None
        for key, value in changes.items():
            setattr(placement, key, value)
        session.add(placement)
        session.flush()
        line_id = sr.sync_placement_contribution(session, placement_id, books.manager)
        return session.get(Contribution, line_id) if line_id else None


def test_a_started_placement_becomes_a_route_1_line_revalued_as_it_goes_on(books: Books) -> None:
    add_contract(books)
    placement_id = _placement(books)
    started = _sync(books, placement_id)
    assert started is not None and started.route == "1" and started.status == "submitted"
    assert started.block == "participatiewet"
    # 12 months planned (the vacancy's duration), 24 of 40 hours, €24.04/h
    assert started.value_cents == 30_001_92 and "24 h/wk" in (started.value_explanation or "")
    ended = _sync(books, placement_id, status="ended", end_date=dt.date(2025, 8, 31))
    assert ended is not None and ended.value_cents == 15_000_96  # ended early: 6 months
    with session_scope(books.engine) as session:
        assert session.exec(select(func.count()).select_from(Contribution)).one() == 1  # one line per placement


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 1), 12, dt.date(2026, 2, 28)),
    ],
)
def test_a_vacancys_duration_from_the_31st_or_a_leap_day_is_whole_months(
        books: Books, start: dt.date, duration: int, end: dt.date) -> None:
    add_contract(books)
    placement_id = _placement(books, duration=duration, hours=40)
    line = _sync(books, placement_id, start_date=start)
    assert line is not None and line.period_start == start and line.period_end == end
    # valued as exactly the vacancy's whole months
    assert line.value_cents == value_contribution(get_rule_set(), ContributionInput(
        route="1", target_group="participatiewet", hours_per_week=Decimal(40), months=Decimal(duration))).value_cents


def test_a_person_moving_to_another_job_under_the_contract_keeps_one_counting_window(books: Books) -> None:
    add_contract(books)
    first = _placement(books, group="ww", duration=12, hours=40)
    _sync(books, first, status="ended", end_date=dt.date(2026, 2, 28))  # 12 months, 1 Mar 2025 - 28 Feb 2026
    with session_scope(books.engine) as session:
        earlier = session.get(Placement, first)
        assert earlier is not None
        vacancy = session.get(Vacancy, earlier.vacancy_id)
        assert vacancy is not None
        other = Vacancy(reference="VAC-ww-2", employer_id=vacancy.employer_id, contract_id=vacancy.contract_id,
                        title="Voorman groen", postcode="3072", employment_type="fixed_term", duration_months=24,
                        opened_on=dt.date(2026, 1, 1))
        third = Vacancy(reference="VAC-ww-3", employer_id=vacancy.employer_id, contract_id=vacancy.contract_id,
                        title="Hovenier", postcode="3072", employment_type="fixed_term", duration_months=24,
                        opened_on=dt.date(2029, 1, 1))
        session.add_all([other, third])
        session.flush()
        follow_up = Placement(seeker_id=earlier.seeker_id, vacancy_id=other.id or 0, status="ended",
                              start_date=dt.date(2026, 3, 1), end_date=dt.date(2028, 2, 29), hours_per_week=40,
                              employment_type="fixed_term")
        later = Placement(seeker_id=earlier.seeker_id, vacancy_id=third.id or 0, status="started",
                          start_date=dt.date(2029, 3, 1), hours_per_week=40, employment_type="fixed_term")
        session.add_all([follow_up, later])
        session.flush()
        follow_up_id, later_id = follow_up.id or 0, later.id or 0
    line = _sync(books, follow_up_id)
    # WW counts 24 months from 1 March 2025 (Rijnmond): 12 are left for the next job, not 24
    assert line is not None and line.counts_from == dt.date(2025, 3, 1)
    assert line.value_cents == value_contribution(get_rule_set(), ContributionInput(
        route="1", target_group="ww", hours_per_week=Decimal(40), months=Decimal(12))).value_cents
    assert "from 2025-03-01 reached on 2027-02-28" in (line.value_explanation or "")
    # after a gap (back on a benefit) the window starts again
    fresh = _sync(books, later_id)
    assert fresh is not None and fresh.counts_from is None
    assert fresh.value_cents == value_contribution(get_rule_set(), ContributionInput(
        route="1", target_group="ww", hours_per_week=Decimal(40), months=Decimal(24))).value_cents


def test_a_sustained_permanent_placement_earns_the_sustainable_job_reward(books: Books) -> None:
    add_contract(books)
    placement_id = _placement(books, employment="permanent", duration=None, hours=40)
    started = _sync(books, placement_id)
    sustained = _sync(books, placement_id, status="sustained")
    assert started is not None and sustained is not None
    assert "permanent_contract" in sustained.bonuses and "permanent_contract" not in started.bonuses
    assert sustained.value_cents - started.value_cents == 50_000_00


def test_a_placement_on_a_vacancy_without_contract_counts_for_nothing(books: Books) -> None:
    add_contract(books)
    placement_id = _placement(books)
    with session_scope(books.engine) as session:
        placement = session.get(Placement, placement_id)
        assert placement is not None
        vacancy = session.get(Vacancy, placement.vacancy_id)
        assert vacancy is not None
        vacancy.contract_id = None
        session.add(vacancy)
    assert _sync(books, placement_id) is None


def test_enforcement_steps_status_and_due_this_month(books: Books) -> None:
    add_contract(books, "OPD-LATE", end=dt.date(2026, 6, 30))
    add_contract(books, "OPD-ENDING", end=dt.date(2026, 7, 20))
    late = sr.show_contract(books.engine, "OPD-LATE", today=TODAY)
    assert late.row.status == "overdue" and late.penalty_cents == 125_000_00  # 125% of €100,000
    with pytest.raises(UserFacingError, match="new date"):
        sr.add_enforcement(books.engine, books.manager, "OPD-LATE", "recovery_period", today=TODAY)
    with pytest.raises(UserFacingError, match="amount"):
        sr.add_enforcement(books.engine, books.manager, "OPD-LATE", "withholding", today=TODAY)
    sr.add_enforcement(books.engine, books.manager, "OPD-LATE", "reminder", today=TODAY)
    sr.add_enforcement(books.engine, books.manager, "OPD-LATE", "recovery_period", new_date=dt.date(2026, 7, 31), today=TODAY)
    due = sr.due_this_month(books.engine, today=TODAY)
    assert ("recovery_ends", "OPD-LATE") in {(d.kind, d.reference) for d in due}
    assert ("ending_with_shortfall", "OPD-ENDING") in {(d.kind, d.reference) for d in due}
    accepted = sr.add_enforcement(books.engine, books.manager, "OPD-LATE", "best_efforts_accepted", today=TODAY)
    assert accepted.best_efforts and accepted.penalty_cents == 0
    settled = sr.add_enforcement(books.engine, books.manager, "OPD-LATE", "settlement", amount_cents=20_000_00, today=TODAY)
    assert settled.row.status == "settled"
    assert [e.kind for e in settled.enforcement] == ["reminder", "recovery_period", "best_efforts_accepted", "settlement"]
    assert [r.reference for r in sr.list_contracts(books.engine, status="settled", today=TODAY)] == ["OPD-LATE"]


def test_shortfall_is_never_below_zero(books: Books) -> None:
    add_contract(books, "OPD-S", 100_000_00)  # obligation €5,000
    line = purchase(books, 8_000_00, "OPD-S")
    sr.review_contribution(books.engine, books.manager, line.id, "approve")
    row = sr.show_contract(books.engine, "OPD-S", today=TODAY).row
    assert row.realised_cents == 8_000_00 and row.shortfall_cents == 0 and row.status == "on_track"


def test_list_filters_by_contractor_buyer_manager_and_status(books: Books) -> None:
    add_contract(books, "OPD-A", account_manager="km.visser")
    add_contract(books, "OPD-B", buyer_kvk=ANCHOR)
    assert [r.reference for r in sr.list_contracts(books.engine, buyer=ANCHOR, today=TODAY)] == ["OPD-B"]
    assert [r.reference for r in sr.list_contracts(books.engine, account_manager="KM.Visser", today=TODAY)] == ["OPD-A"]
    assert len(sr.list_contracts(books.engine, contractor=CONTRACTOR, status="at_risk", today=TODAY)) == 2
    assert sr.list_contracts(books.engine, status="on_track", today=TODAY) == []


def test_the_contractor_sheet_goes_out_and_comes_back(books: Books, tmp_path: Path) -> None:
    add_contract(books)
    purchase(books, 1_000_00)
    sheet = tmp_path / "OPD-1.xlsx"
    assert write_contractor_template(books.engine, "OPD-1", sheet, today=TODAY) == 1
    workbook = load_workbook(sheet)
    rows = workbook["contributions"]
    assert [c.value for c in rows[1]][:3] == ["contract", "key", "route"]
    rows.cell(row=3, column=3, value=3)
    rows.cell(row=3, column=4, value=dt.date(2025, 9, 1))
    rows.cell(row=3, column=9, value=4_500)
    rows.cell(row=3, column=12, value=SOCIAL)
    rows.cell(row=4, column=3, value=4)
    rows.cell(row=4, column=4, value="2025-10-01")
    rows.cell(row=4, column=10, value="guest_lesson")
    rows.cell(row=4, column=11, value=2)
    workbook.save(sheet)

    first = import_contributions(books.engine, books.manager, sheet, today=TODAY)
    assert (first.added, first.updated, first.unchanged, first.rejected, first.written) == (2, 0, 1, 0, True)
    again = import_contributions(books.engine, books.manager, sheet, today=TODAY)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)  # idempotent
    detail = sr.show_contract(books.engine, "OPD-1", today=TODAY)
    assert sorted(c.value_cents for c in detail.contributions) == [300_00, 1_000_00, 4_500_00]
    assert all(c.status == "submitted" for c in detail.contributions)
    assert detail.last_report_on == TODAY
    with session_scope(books.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "contributions.import")).all()
        assert len(events) == 2


def test_a_line_counting_from_an_earlier_day_keeps_it_in_the_books_and_the_sheet(books: Books, tmp_path: Path) -> None:
    add_contract(books)
    request = ContributionRequest(route="1", period_start=dt.date(2025, 1, 1), period_end=dt.date(2027, 12, 31),
                                  target_group="participatiewet", hours_per_week=Decimal(40),
                                  counts_from=dt.date(2024, 1, 1))
    line = sr.add_contribution(books.engine, books.manager, "OPD-1", request)
    assert line.value_cents == 100_006_40  # 24 of the 36 months after the last benefit
    # revalued (a bonus added): the window still counts from the day stored on the line
    again = sr.set_contribution_bonuses(books.engine, books.manager, line.id, ["age_56_plus"])
    assert again.value_cents == 100_006_40 + 9_984_00
    sheet = tmp_path / "OPD-1.xlsx"
    write_contractor_template(books.engine, "OPD-1", sheet, today=TODAY)
    workbook = load_workbook(sheet)
    rows = workbook["contributions"]
    header = [c.value for c in rows[1]]
    assert header[-1] == "counts_from"
    assert rows.cell(row=2, column=header.index("counts_from") + 1).value.date() == dt.date(2024, 1, 1)
    new_row = 3
    for column, value in (("route", 1), ("start", dt.date(2025, 1, 1)), ("end", dt.date(2025, 12, 31)),
                          ("target_group", "ww"), ("hours_per_week", 40), ("counts_from", dt.date(2023, 7, 1))):
        rows.cell(row=new_row, column=header.index(column) + 1, value=value)
    workbook.save(sheet)
    report = import_contributions(books.engine, books.manager, sheet, today=TODAY)
    assert (report.added, report.rejected) == (1, 0)
    ww = [c for c in sr.show_contract(books.engine, "OPD-1", today=TODAY).contributions if c.block == "ww"]
    assert [c.value_cents for c in ww] == [12_500_80]  # 6 of its 24 months left: 1,040 h × €12.02
    again_report = import_contributions(books.engine, books.manager, sheet, today=TODAY)
    assert (again_report.added, again_report.updated) == (0, 0)
    # a sheet from before the column existed keys its rows as an empty column does
    old_sheet, new_sheet = tmp_path / "old.csv", tmp_path / "new.csv"
    old_sheet.write_text(f"contract,route,start,amount_eur,supplier_kvk\nOPD-1,3,2025-06-01,100,{SOCIAL}\n", encoding="utf-8")
    new_sheet.write_text(f"contract,route,start,amount_eur,supplier_kvk,counts_from\nOPD-1,3,2025-06-01,100,{SOCIAL},\n",
                         encoding="utf-8")
    assert import_contributions(books.engine, books.manager, old_sheet, today=TODAY).added == 1
    assert import_contributions(books.engine, books.manager, new_sheet, today=TODAY).added == 0


def test_the_counts_from_date_at_the_command_line(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", database_url, "--user", "km.visser"]
    assert run(capsys, *base, "users", "add", "km.visser", "--role", "admin")[0] == 0
    for kvk, name, kind in ((BUYER, "Gemeente Rotterdam", "authority"), (CONTRACTOR, "Bouwbedrijf Maas", "contractor")):
        assert run(capsys, *base, "organisations", "add", kvk, "--name", name, "--kind", kind)[0] == 0
    assert run(capsys, *base, "contracts", "add", "OPD-9", "--title", "Kades", "--buyer", BUYER, "--contractor",
               CONTRACTOR, "--kind", "werk", "--value", "2000000", "--start", "2025-01-01", "--end", "2027-12-31")[0] == 0
    code, out, err = run(capsys, *base, "contributions", "add", "OPD-9", "--route", "1", "--start", "2025-01-01",
                         "--end", "2027-12-31", "--target-group", "participatiewet", "--hours-per-week", "40",
                         "--counts-from", "2024-01-01", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["value"] == 100006.4 and "from 2024-01-01 reached on 2026-12-31" in data["explanation"]


def test_a_sheet_with_a_bad_row_changes_nothing_and_says_where(books: Books, tmp_path: Path) -> None:
    add_contract(books)
    path = tmp_path / "lines.csv"
    path.write_text(
        "contract;key;route;start;amount_eur;supplier_kvk;activity;quantity\n"
        f"OPD-1;a;3;2025-06-01;2500;{SOCIAL};;\n"
        "OPD-1;b;4;01-13-2025;;;guest_lesson;2\n"
        "OPD-1;c;9;2025-06-01;;;;\n"
        "OPD-404;d;3;2025-06-01;10;24000003;;\n", encoding="utf-8")
    report = import_contributions(books.engine, books.manager, path, today=TODAY)
    assert not report.written and report.rejected == 3
    assert [(p.row, p.column) for p in report.problems] == [(3, "start"), (4, "route"), (5, "contract")]
    assert sr.show_contract(books.engine, "OPD-1", today=TODAY).contributions == ()
    partial = import_contributions(books.engine, books.manager, path, skip_invalid=True, today=TODAY)
    assert partial.written and partial.added == 1
    assert [c.value_cents for c in sr.show_contract(books.engine, "OPD-1", today=TODAY).contributions] == [2_500_00]


def test_an_import_never_changes_an_approved_line(books: Books, tmp_path: Path) -> None:
    add_contract(books)
    path = tmp_path / "lines.csv"
    path.write_text(f"contract,key,route,start,amount_eur,supplier_kvk\nOPD-1,k1,3,2025-06-01,2500,{SOCIAL}\n")
    import_contributions(books.engine, books.manager, path, today=TODAY)
    line = sr.show_contract(books.engine, "OPD-1", today=TODAY).contributions[0]
    sr.review_contribution(books.engine, books.manager, line.id, "approve")
    path.write_text(f"contract,key,route,start,amount_eur,supplier_kvk\nOPD-1,k1,3,2025-06-01,9999,{SOCIAL}\n")
    report = import_contributions(books.engine, books.manager, path, skip_invalid=True, today=TODAY)
    assert report.rejected == 1 and "approved" in report.problems[0].reason
    assert sr.show_contract(books.engine, "OPD-1", today=TODAY).contributions[0].value_cents == 2_500_00


def test_an_untouched_approved_line_valued_otherwise_today_comes_back_unchanged(books: Books, tmp_path: Path) -> None:
    """The sheet sent out and returned as it was: an approved line whose value the rules would
    now put differently (a rule set changed since, or a line valued from what the sheet does
    not carry) is unchanged, not a rejected row; its approved value stands."""
    add_contract(books)
    line = purchase(books, 1_000_00)
    sr.review_contribution(books.engine, books.manager, line.id, "approve")
    with session_scope(books.engine) as session:
        stored = session.get(Contribution, line.id)
        assert stored is not None
        stored.value_cents = 900_00  # what the rules of its day made of it
        session.add(stored)
    sheet = tmp_path / "OPD-1.xlsx"
    write_contractor_template(books.engine, "OPD-1", sheet, today=TODAY)
    report = import_contributions(books.engine, books.manager, sheet, today=TODAY)
    assert (report.added, report.updated, report.unchanged, report.rejected) == (0, 0, 1, 0)
    assert [c.value_cents for c in sr.show_contract(books.engine, "OPD-1", today=TODAY).contributions] == [900_00]


def test_the_contractors_sheet_refuses_a_missing_folder_in_one_line(books: Books, tmp_path: Path) -> None:
    add_contract(books)
    with pytest.raises(UserFacingError, match="does not exist"):
        write_contractor_template(books.engine, "OPD-1", tmp_path / "nope" / "OPD-1.xlsx", today=TODAY)
    folder = tmp_path / "OPD-1.xlsx"
    folder.mkdir()  # a folder where the file should go
    with pytest.raises(UserFacingError, match="cannot write"):
        write_contractor_template(books.engine, "OPD-1", folder, today=TODAY)


def test_the_report_in_csv_markdown_and_a_managers_excel(books: Books, tmp_path: Path) -> None:
    add_contract(books)
    add_contract(books, "OPD-2", 500_000_00)
    line = purchase(books, 30_000_00)
    sr.review_contribution(books.engine, books.manager, line.id, "approve")
    text, count = social_return_report(books.engine, fmt="csv", today=TODAY)
    assert count == 2 and text is not None
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"obligation", "realised", "shortfall", "status"} <= set(rows[0])
    first = next(r for r in rows if r["reference"] == "OPD-1")
    assert (first["obligation"], first["realised"], first["shortfall"], first["route_3"]) == (
        "100000.00", "30000.00", "70000.00", "30000.00")
    only = social_return_report(books.engine, fmt="csv", contractor="99999999", today=TODAY)
    assert only[1] == 0
    markdown, _ = social_return_report(books.engine, fmt="md", today=TODAY)
    assert markdown is not None and "| OPD-1 |" in markdown and "€125,000.00" in markdown  # total obligation
    target = tmp_path / "report.xlsx"
    social_return_report(books.engine, fmt="xlsx", destination=target, today=TODAY)
    workbook = load_workbook(target)
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=1, column=1).font.bold
    obligation_column = [c.value for c in sheet[1]].index("Obligation") + 1
    assert sheet.cell(row=2, column=obligation_column).number_format == '"€"#,##0.00'
    assert sheet.cell(row=4, column=obligation_column).value == f"=SUM({sheet.cell(row=2, column=obligation_column).column_letter}2:{sheet.cell(row=2, column=obligation_column).column_letter}3)"
    assert len(workbook.worksheets) == 7  # the contracts plus one sheet per route


def test_ten_thousand_lines_sum_to_the_cent_in_the_database(books: Books) -> None:
    add_contract(books, value=100_000_000_00)
    values = [((i * 7919) % 1_000_000) + 1 for i in range(10_000)]
    with session_scope(books.engine) as session:
        contract = session.exec(select(sr.Contract)).one()
        session.add_all([Contribution(contract_id=contract.id or 0, route="3", period_start=dt.date(2025, 6, 1),
                                      value_cents=v, status="approved") for v in values])
    detail = sr.show_contract(books.engine, "OPD-1", today=TODAY)
    assert detail.row.realised_cents == sum(values)
    text, _ = social_return_report(books.engine, fmt="csv", today=TODAY)
    assert text is not None
    assert Decimal(next(csv.DictReader(io.StringIO(text)))["realised"]) == Decimal(sum(values)) / 100


def test_programme_figures_against_rotterdams_targets(books: Books) -> None:
    add_contract(books, buyer_kvk=ANCHOR)
    line = purchase(books, 30_000_00)
    sr.review_contribution(books.engine, books.manager, line.id, "approve")
    figures = sr.programme(books.engine, year=2025, today=TODAY)
    assert (figures.anchor_organisations, figures.anchor_goal, figures.anchor_baseline) == (1, 20, 10)
    assert figures.anchor_value_goal_cents == 25_000_000_00
    assert (figures.recognised_social_enterprises, figures.social_enterprise_goal) == (1, 100)
    assert figures.realised_cents == figures.anchor_realised_cents == 30_000_00
    assert figures.per_month_cents[5] == 30_000_00 and sum(figures.per_month_cents) == 30_000_00
    assert figures.realised_last_year_cents == 0


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_account_manager_at_the_command_line(database_url: str, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    base = ["--db", database_url, "--user", "km.visser"]
    assert run(capsys, *base, "users", "add", "km.visser", "--role", "admin")[0] == 0
    for kvk, name, kind in ((BUYER, "Gemeente Rotterdam", "authority"), (CONTRACTOR, "Bouwbedrijf Maas", "contractor")):
        assert run(capsys, *base, "organisations", "add", kvk, "--name", name, "--kind", kind)[0] == 0
    code, out, err = run(capsys, *base, "contracts", "add", "OPD-9", "--title", "Kades", "--buyer", BUYER,
                         "--contractor", CONTRACTOR, "--kind", "werk", "--value", "2000000", "--start", "2025-01-01",
                         "--end", "2027-12-31", "--percentage", "5", "--labour-share", "0.4",
                         "--account-manager", "km.visser")
    assert code == 0, err
    code, out, err = run(capsys, *base, "contracts", "show", "OPD-9", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["obligation"] == 100000.0 and data["status"] in ("at_risk", "on_track", "overdue")
    code, out, _ = run(capsys, *base, "contracts", "list", "--json")
    assert [row["reference"] for row in json.loads(out)] == ["OPD-9"]
    code, out, err = run(capsys, *base, "contracts", "set", "OPD-9", "--obligation", "80000")
    assert code == 1 and "reason" in err
    code, out, _ = run(capsys, *base, "valuation", "calc", "--target-group", "participatiewet", "--hours-per-week", "24",
                       "--months", "6", "--json")
    assert json.loads(out) == {"value": 15000.96, "explanation": json.loads(out)["explanation"], "rule_set": "rijnmond-2024"}
    assert "€24.04" in json.loads(out)["explanation"]
    code, out, _ = run(capsys, *base, "report", "social-return", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("reference,")
    for fmt in ("csv", "xlsx"):  # a folder that is not there: one line, no traceback, no crash.log
        code, out, err = run(capsys, *base, "report", "social-return", "--format", fmt, "--to",
                             str(tmp_path / "missing" / f"report.{fmt}"))
        assert code == 1 and len(err.strip().splitlines()) == 1 and "No such file or directory" in err, err
        assert "unexpected" not in err and not (tmp_path / "data" / "crash.log").exists()
    target = tmp_path / "sheet.xlsx"
    assert run(capsys, *base, "report", "contractor-template", "OPD-9", "--to", str(target))[0] == 0
    code, out, _ = run(capsys, *base, "import", "contributions", str(target))
    assert code == 0 and "0 added" in out
    # --sheet and --report work as for the other kinds (they were accepted and ignored before).
    code, out, err = run(capsys, *base, "import", "contributions", str(target), "--sheet", "Contributions")
    assert code == 0 and "0 added" in out, err
    code, out, err = run(capsys, *base, "import", "contributions", str(target), "--sheet", "blad9")
    assert code == 1 and "the workbook has no sheet 'blad9'; it has: contributions" in err
    bad = tmp_path / "lines.csv"
    bad.write_text("contract,route,start,amount_eur\nOPD-9,3,13-13-2025,100\n", encoding="utf-8")
    code, out, err = run(capsys, *base, "import", "contributions", str(bad), "--sheet", "x")
    assert code == 1 and "a sheet name applies to XLSX files only" in err
    report = tmp_path / "report.csv"
    code, out, err = run(capsys, *base, "import", "contributions", str(bad), "--report", str(report))
    assert code == 1
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,column,value,reason" and lines[1].startswith("2,start,13-13-2025,")
    code, out, _ = run(capsys, *base, "programme", "--json")
    assert json.loads(out)["anchor_goal"] == 20
    code, out, _ = run(capsys, *base, "valuation", "rules")
    assert "rijnmond-2024" in out and "haaglanden-2023" in out


def test_the_placement_workflow_books_route_1_on_start_end_and_sustain(engine: Engine) -> None:
    from tests.placement_world import build_world

    world = build_world(engine)
    manager = world.account_manager
    sr.add_organisation(engine, manager, name="Gemeente", kvk_number=BUYER, kinds=["authority"])
    sr.add_organisation(engine, manager, name="Aannemer", kvk_number=CONTRACTOR, kinds=["contractor"])
    sr.add_contract(engine, manager, "OPD-P", title="Schoonmaak", buyer_kvk=BUYER, contractor_kvk=CONTRACTOR,
                    kind="dienst", value_cents=1_000_000_00, start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31))
    with session_scope(engine) as session:
        contract_id = session.exec(select(sr.Contract.id)).one()
    reference = world.vacancy(positions=2, contract_id=contract_id)
    started = world.placement_in("started", reference=reference)
    lines = sr.show_contract(engine, "OPD-P").contributions
    assert [(c.placement_id, c.route, c.status, c.block) for c in lines] == [(started, "1", "submitted", "participatiewet")]
    planned = lines[0].value_cents
    assert planned > 0 and "24 h/wk" in (lines[0].explanation or "")
    world.act(started, "end", start_date=dt.date(2026, 6, 30))  # for "end": the last working day
    ended = sr.show_contract(engine, "OPD-P").contributions[0]
    assert ended.period_end == dt.date(2026, 6, 30) and 0 < ended.value_cents < planned
    with session_scope(engine) as session:
        actions = {e.action for e in session.exec(select(AuditEvent)).all()}
    assert {"placement.start", "contribution.sync", "placement.end"} <= actions


def test_the_programme_figures_leave_no_connection_open(books: Books) -> None:
    add_contract(books)
    sr.programme(books.engine, year=2025, today=TODAY)
    assert books.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
