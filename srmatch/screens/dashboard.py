"""Dashboard: my caseload in six numbers, open vacancies near my people, the programme's figures.

The figures come from one service call (``services.dashboard.dashboard``) in a thread worker;
a caseworker sees their own caseload, a team lead, account manager or admin the whole desk
(the service's docstring says why). Keys jump to where the work is: ``k`` my caseload's
follow-ups, ``r`` the review queue, ``v`` vacancies, ``p`` the programme, ``F5`` reloads.
"""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from srmatch.formatting import format_cents, format_number
from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
from srmatch.services import dashboard
from srmatch.services import social_return
from srmatch.services.social_return import ProgrammeFigures


def dashboard_text(figures: dashboard.Dashboard, programme: ProgrammeFigures | None = None) -> str:
    """The dashboard in words (Rich markup), the same in every terminal size; the programme's
    figures from ``figures`` or, when they came separately, from ``programme``."""
    c = figures.caseload
    mine = figures.scope == "mine"
    lines = [
        f"[b]{t('dashboard.caseload_mine' if mine else 'dashboard.caseload_all')}[/b]",
        t("dashboard.active", n=format_number(c.active)),
        t("dashboard.without_proposal", n=format_number(c.without_proposal)),
        t("dashboard.waiting_for_review", n=format_number(c.waiting_for_review)),
        t("dashboard.sent_back" if mine else "dashboard.sent_back_all", n=format_number(c.sent_back)),
        t("dashboard.started_this_month", n=format_number(c.started_this_month)),
        t("dashboard.checks_due", n=format_number(c.checks_due)),
        "",
        f"[b]{t('dashboard.near_heading' if mine else 'dashboard.near_heading_all')}[/b]",
        t("dashboard.near", near=format_number(figures.open_vacancies_near), open=format_number(figures.open_vacancies)),
    ]
    lines += [t("dashboard.nearby_line", reference=escape(v.reference), title=escape(v.title), postcode=escape(v.postcode),
                n=format_number(v.people_in_reach))
              for v in figures.nearby]
    p = figures.programme or programme
    if p is None:
        return "\n".join([*lines, "", f"[b]{t('dashboard.programme_heading', year=figures.today.year)}[/b]", t("list.loading")])
    lines += [
        "",
        f"[b]{t('dashboard.programme_heading', year=p.year)}[/b]",
        t("dashboard.programme_realised", value=format_cents(p.realised_cents, whole=True),
          last=format_cents(p.realised_last_year_cents, whole=True)),
        t("dashboard.programme_placed", n=format_number(p.people_placed), sustainable=format_number(p.sustainable_placements)),
        t("dashboard.programme_targets", anchors=p.anchor_organisations, anchor_goal=p.anchor_goal,
          enterprises=p.recognised_social_enterprises, enterprise_goal=p.social_enterprise_goal),
    ]
    return "\n".join(lines)


class DashboardScreen(SrmatchScreen):
    """Where the day starts: what needs doing, and how the programme stands."""

    screen_id = "dashboard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back", id="dashboard.back", tooltip="key.back"),
        Binding("k", "open('caseload')", "dashboard.key.caseload", id="dashboard.caseload", tooltip="dashboard.key.caseload"),
        Binding("r", "open('queue')", "dashboard.key.queue", id="dashboard.queue", tooltip="dashboard.key.queue"),
        Binding("v", "open('vacancies')", "dashboard.key.vacancies", id="dashboard.vacancies", tooltip="dashboard.key.vacancies"),
        Binding("p", "open('programme')", "dashboard.key.programme", id="dashboard.programme", tooltip="dashboard.key.programme"),
        Binding("f5", "reload", "dashboard.key.reload", id="dashboard.reload", tooltip="dashboard.key.reload"),
    ]

    class DashboardLoaded(Message):
        """The caseload's figures arrived (the programme's follow)."""

        def __init__(self, figures: dashboard.Dashboard) -> None:
            super().__init__()
            self.figures = figures

    class ProgrammeLoaded(Message):
        """This year's social-return figures arrived."""

        def __init__(self, programme: ProgrammeFigures) -> None:
            super().__init__()
            self.programme = programme

    def __init__(self) -> None:
        super().__init__()
        #: What the screen shows: the caseload and the programme, each once it has arrived.
        self.figures: dashboard.Dashboard | None = None
        self.programme: ProgrammeFigures | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard-scroll", can_focus=True):
            yield Static(t("list.loading"), id="dashboard")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.dashboard")
        self.query_one("#dashboard-scroll").focus()
        self.load()

    def load(self) -> None:
        """Two workers: the caseload (quick), and the programme (a city's books take longer)."""
        self.figures = None
        self.programme = None
        self.load_caseload()
        self.load_programme()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard", description="dashboard figures")
    def load_caseload(self) -> None:
        figures = self.services.run(dashboard.dashboard, self.services.actor, with_programme=False)
        self.post_message(self.DashboardLoaded(figures))

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard-programme", description="programme figures")
    def load_programme(self) -> None:
        self.post_message(self.ProgrammeLoaded(self.services.run(social_return.programme)))

    def on_dashboard_screen_dashboard_loaded(self, message: DashboardLoaded) -> None:
        self.figures = message.figures
        self._show()

    def on_dashboard_screen_programme_loaded(self, message: ProgrammeLoaded) -> None:
        self.programme = message.programme
        self._show()

    def _show(self) -> None:
        if self.figures is not None:
            self.query_one("#dashboard", Static).update(dashboard_text(self.figures, self.programme))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failure is a message (the base screen's handler runs too: Textual calls each class's
        handler) and the panel says so in place of the figures."""
        if event.state is WorkerState.ERROR and event.worker.group == "dashboard":
            self.query_one("#dashboard", Static).update(t("dashboard.failed"))

    def action_reload(self) -> None:
        self.query_one("#dashboard", Static).update(t("list.loading"))
        self.load()

    def action_open(self, screen_id: str) -> None:
        self.context.open_screen(screen_id)

    def action_back(self) -> None:
        self.app.pop_screen()
