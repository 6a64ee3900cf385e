"""Dashboard: my caseload in six numbers, open vacancies near my people, the programme's figures.

The figures come from one service call (``services.dashboard.dashboard``) in a thread worker;
a caseworker sees their own caseload, a team lead, account manager or admin the whole desk
(the service's docstring says why). Keys jump to where the work is: ``k`` my caseload's
follow-ups, ``r`` the review queue, ``v`` vacancies, ``p`` the programme, ``F5`` reloads.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
from srmatch.services import dashboard
from srmatch.services.valuation import format_eur


def dashboard_text(figures: dashboard.Dashboard) -> str:
    """The dashboard in words (Rich markup), the same in every terminal size."""
    c = figures.caseload
    heading = t("dashboard.caseload_mine") if figures.scope == "mine" else t("dashboard.caseload_all")
    lines = [
        f"[b]{heading}[/b]",
        t("dashboard.active", n=c.active),
        t("dashboard.without_proposal", n=c.without_proposal),
        t("dashboard.waiting_for_review", n=c.waiting_for_review),
        t("dashboard.sent_back", n=c.sent_back),
        t("dashboard.started_this_month", n=c.started_this_month),
        t("dashboard.checks_due", n=c.checks_due),
        "",
        f"[b]{t('dashboard.near_heading')}[/b]",
        t("dashboard.near", near=figures.open_vacancies_near, open=figures.open_vacancies),
    ]
    lines += [t("dashboard.nearby_line", reference=v.reference, title=v.title, postcode=v.postcode, n=v.people_in_reach)
              for v in figures.nearby]
    p = figures.programme
    lines += [
        "",
        f"[b]{t('dashboard.programme_heading', year=p.year)}[/b]",
        t("dashboard.programme_realised", value=format_eur(p.realised_cents, whole=True),
          last=format_eur(p.realised_last_year_cents, whole=True)),
        t("dashboard.programme_placed", n=p.people_placed, sustainable=p.sustainable_placements),
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
        """The dashboard's figures arrived."""

        def __init__(self, figures: dashboard.Dashboard) -> None:
            super().__init__()
            self.figures = figures

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard-scroll", can_focus=True):
            yield Static(t("list.loading"), id="dashboard")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("menu.dashboard")
        self.query_one("#dashboard-scroll").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard", description="dashboard figures")
    def load(self) -> None:
        figures = self.services.run(dashboard.dashboard, self.services.actor)
        self.post_message(self.DashboardLoaded(figures))

    def on_dashboard_screen_dashboard_loaded(self, message: DashboardLoaded) -> None:
        self.query_one("#dashboard", Static).update(dashboard_text(message.figures))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failure is a message (the base screen's) and says so in place of the figures."""
        super().on_worker_state_changed(event)
        if event.state is WorkerState.ERROR:
            self.query_one("#dashboard", Static).update(t("dashboard.failed"))

    def action_reload(self) -> None:
        self.query_one("#dashboard", Static).update(t("list.loading"))
        self.load()

    def action_open(self, screen_id: str) -> None:
        self.context.open_screen(screen_id)

    def action_back(self) -> None:
        self.app.pop_screen()
