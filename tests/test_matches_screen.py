"""The matches screen: from a record, a list row or the menu; Enter opens the other record;
``p`` proposes with a note and the proposal reaches the team lead's queue; ``o`` proposes one
the engine did not show, with a reason; a refusal is one line. Driven with Pilot at 80x24."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from textual.widgets import DataTable, Input, OptionList, Static

from srmatch.app import SrmatchApp
from srmatch.config import load_settings
from srmatch.i18n import set_language
from srmatch.screens.lists import SeekerListScreen
from srmatch.screens.matches import MatchesScreen, MatchRequest, ProposeDialog, ProposeOtherDialog
from srmatch.screens.queue import QueueScreen
from srmatch.screens.records import SeekerScreen, VacancyScreen
from srmatch.services import matching, placements
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Organisation, Vacancy
from tests.placement_world import World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def make_app(engine: Engine, user: str = "km.jansen", language: str = "en") -> SrmatchApp:
    set_language(language)
    settings = load_settings(db_path=str(engine.url.render_as_string(hide_password=False)), language=language, user=user)
    return SrmatchApp(settings=settings, engine=engine)


def add_vacancy(world: World, reference: str, title: str, *, postcode: str = "3071", licence: str | None = None,
                hours: tuple[int, int] = (16, 32)) -> str:
    with session_scope(world.engine) as session:
        employer = Organisation(name=f"Werkgever {reference}", is_contractor=True)
        session.add(employer)
        session.flush()
        assert employer.id is not None
        session.add(Vacancy(reference=reference, employer_id=employer.id, title=title, postcode=postcode,
                            hours_min=hours[0], hours_max=hours[1], opened_on=dt.date(2026, 1, 5),
                            driving_licence=licence))
    return reference


def add_seeker(world: World, client_number: str, name: str, occupation: str = "schoonmaker") -> str:
    with session_scope(world.engine) as session:
        session.add(JobSeeker(client_number=client_number, display_name=name, postcode="3073",
                              target_group="participatiewet", hours_min=16, hours_max=32,
                              desired_occupations=[occupation]))
    return client_number


@pytest.fixture
def town(world: World) -> World:
    """Two people, two cleaning jobs nearby, one needing a driving licence (excluded), one warehouse job."""
    add_seeker(world, "KL1000001", "Ayşe Çelik")
    add_seeker(world, "KL1000002", "Bram de Wit", occupation="magazijnmedewerker")
    add_vacancy(world, "VAC-CLEAN", "Schoonmaker")
    add_vacancy(world, "VAC-DRIVE", "Schoonmaker met rijbewijs", licence="B")
    add_vacancy(world, "VAC-STORE", "Magazijnmedewerker")
    return world


async def settle(app: SrmatchApp, pilot: object) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


def rows(screen: MatchesScreen) -> list[str]:
    table = screen.query_one("#matches-table", DataTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


def pane(screen: MatchesScreen) -> str:
    return "\n".join(str(screen.query_one(f"#{name}", Static).render())
                     for name in ("matches-counts", "matches-detail", "matches-overview"))


async def open_seeker_matches(app: SrmatchApp, pilot: object, client_number: str) -> MatchesScreen:
    app.open_screen("seeker", client_number=client_number)
    await settle(app, pilot)
    assert isinstance(app.screen, SeekerScreen)
    await pilot.press("m")  # type: ignore[attr-defined]
    await settle(app, pilot)
    assert isinstance(app.screen, MatchesScreen)
    return app.screen


async def test_m_on_a_seeker_record_ranks_vacancies_and_explains_them(town: World) -> None:
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seeker_matches(app, pilot, "KL1000001")
        assert rows(screen)[0] == "VAC-CLEAN"
        assert "VAC-DRIVE" not in rows(screen)
        text = pane(screen)
        assert "Vacancies for KL1000001 (Ayşe Çelik)" in text
        assert "wants 'schoonmaker'" in text  # the breakdown in words
        assert "driving licence missing: 1" in text  # exclusion counts by reason
        assert "licence B" in text and "+1 vacancies" in text  # what would open doors


async def test_a_late_result_for_someone_else_is_dropped(town: World) -> None:
    other = matching.match_seeker(town.engine, "KL1000002")
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seeker_matches(app, pilot, "KL1000001")
        screen.post_message(MatchesScreen.MatchesLoaded(MatchRequest("seeker", "KL1000002", 0), other))
        await settle(app, pilot)
        assert rows(screen)[0] == "VAC-CLEAN" and "Ayşe Çelik" in pane(screen)


async def test_enter_on_a_match_opens_the_vacancy_record(town: World) -> None:
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seeker_matches(app, pilot, "KL1000001")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, VacancyScreen)
        assert app.screen.record_key == "VAC-CLEAN"


async def test_m_on_a_list_row_and_on_a_vacancy_record(town: World) -> None:
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, SeekerListScreen)
        await pilot.press(*"KL1000002", "enter")  # filter, then to the table
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, MatchesScreen)
        assert rows(app.screen)[0] == "VAC-STORE"  # the warehouse job for the one who wants warehouse work
        app.open_screen("vacancy", reference="VAC-CLEAN")
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatchesScreen)
        assert rows(screen)[0] == "KL1000001"  # the candidate who wants cleaning work ranks first
        assert "Candidates for VAC-CLEAN" in pane(screen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SeekerScreen) and app.screen.record_key == "KL1000001"


async def test_m_on_a_vacancy_list_row_ranks_its_candidates(town: World) -> None:
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await settle(app, pilot)
        await pilot.press(*"VAC-STORE", "enter")
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatchesScreen)
        assert rows(screen)[0] == "KL1000002"
        assert "Candidates for VAC-STORE" in pane(screen)


async def test_the_chooser_offers_people_and_vacancies(town: World) -> None:
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press(*"3073")  # a postcode: both people live there
        await settle(app, pilot)
        choices = app.screen.query_one("#matches-choices", OptionList)
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert [p.split()[0] for p in prompts] == ["KL1000001", "KL1000002"]
        await pilot.press("ctrl+u", *"schoonmaker")  # a title: the two cleaning vacancies
        await settle(app, pilot)
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert sorted(p.split()[0] for p in prompts) == ["VAC-CLEAN", "VAC-DRIVE"]
        await pilot.press("down", "down", "enter")  # into the list, the second one
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatchesScreen) and screen.request is not None
        assert screen.request.kind == "vacancy"


async def test_from_the_menu_the_user_chooses_by_typing(town: World) -> None:
    app = make_app(town.engine, language="nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MatchesScreen)
        assert screen.focused is screen.query_one("#matches-subject", Input)
        await pilot.press(*"celik")
        await settle(app, pilot)
        choices = screen.query_one("#matches-choices", OptionList)
        assert choices.option_count == 1
        assert "Ayşe Çelik" in str(choices.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(app, pilot)
        assert rows(screen)[0] == "VAC-CLEAN"
        assert "Vacatures voor KL1000001" in pane(screen)


async def test_p_proposes_with_a_note_and_the_team_lead_sees_it(town: World) -> None:
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seeker_matches(app, pilot, "KL1000001")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProposeDialog)
        await pilot.press(*"kent de werkgever", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MatchesScreen)
        assert "it is in the team lead's queue" in str(app.screen.query_one("#matches-status", Static).render())
        table = app.screen.query_one("#matches-table", DataTable)
        assert str(table.get_row_at(0)[3]).startswith("Schoonmaker — proposed (")
    listed = placements.list_placements(town.engine, town.lead)
    assert [(p.client_number, p.vacancy_reference, p.status) for p in listed] == [("KL1000001", "VAC-CLEAN", "proposed")]
    lead_app = make_app(town.engine, user="tl.pinas")
    async with lead_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await settle(lead_app, pilot)
        queue = lead_app.screen
        assert isinstance(queue, QueueScreen)
        table = queue.query_one("#queue-table", DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["KL1000001"]
        detail = str(queue.query_one("#queue-detail", Static).render())
        assert "kent de werkgever" in detail and "surfaced" in detail


async def test_propose_another_needs_a_reason_and_records_the_exclusion(town: World) -> None:
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seeker_matches(app, pilot, "KL1000001")
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ProposeOtherDialog)
        await pilot.press(*"vac-drive", "enter", "enter")  # lower case; no reason yet
        await pilot.pause()
        assert app.screen is dialog
        assert "Give your reason" in str(dialog.query_one("#dialog-error", Static).render())
        await pilot.press(*"haalt rijbewijs in maart", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MatchesScreen)
    [proposal] = placements.list_placements(town.engine, town.lead)
    assert (proposal.client_number, proposal.vacancy_reference) == ("KL1000001", "VAC-DRIVE")
    queue = placements.review_queue(town.engine, town.lead)
    [item] = queue.items
    assert item.explanation.excluded and item.proposal_note == "haalt rijbewijs in maart"


async def test_a_refused_proposal_is_one_line(town: World) -> None:
    town.propose("KL1000001", "VAC-CLEAN")
    app = make_app(town.engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seeker_matches(app, pilot, "KL1000001")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        refusal = str(app.screen.query_one("#matches-status", Static).render())
    assert refusal == "Not proposed: this person already has placement 1 (proposed) for this vacancy"
    assert len(placements.list_placements(town.engine, town.lead)) == 1
