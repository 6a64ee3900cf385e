"""Job-seeker and vacancy lists: type to filter, Enter to open, Escape to go back.

The worker/message pattern every list follows (docs/architecture.md, "Workers and messages"):
the screen owns its state (:attr:`ListScreen.list_filter`); a change of state starts an exclusive
thread worker that calls a service and posts a past-tense message carrying the state it was
asked for (``SeekersLoaded(query, page)``); the handler drops a message whose state is no
longer the screen's, so a slow earlier query never overwrites a faster later one.

The database does the filtering and returns at most ``PAGE_SIZE`` rows (plus the number that
match), so a caseload of 40,000 never lands in the table widget at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from srmatch.i18n import t
from srmatch.screens.base import SrmatchScreen
from srmatch.services import records
from srmatch.services.records import Page, SeekerFilter, SeekerRow, VacancyFilter, VacancyRow

if TYPE_CHECKING:
    from srmatch.screens.forms import ProfileSaved

PAGE_SIZE = 200

QueryT = TypeVar("QueryT", SeekerFilter, VacancyFilter)
RowT = TypeVar("RowT", SeekerRow, VacancyRow)


@dataclass(frozen=True)
class Column:
    """One column of a table, and how it behaves when the terminal is narrow or wide.

    A fixed column (``flex`` 0) is always as wide as its header and its widest value, so an
    identifier, a status, a score or a date is never cut; a flexible column (a name, a title)
    shares the width that is left by its ``flex`` weight and is never narrower than ``minimum``.
    When 80 columns cannot hold that, the column with the highest ``drop`` leaves the table (its
    value stays in the record's detail), then the next; 0 never leaves.
    """

    key: str  #: catalogue key of the header
    id: str  #: the column's key in the table (a list's sort key)
    minimum: int = 1
    flex: int = 0
    drop: int = 0


def fit_columns(width: int, columns: Sequence[Column], needs: Sequence[int]) -> list[int | None]:
    """The width of each column in a table ``width`` cells wide (None: left out), given what each needs.

    The one rule every table follows: fixed columns whole, flexible ones share the rest.
    """
    shown = [True] * len(columns)

    def used() -> int:  # one space each side of every cell, and the scrollbar
        return sum(need + 2 for need, keep in zip(needs, shown, strict=True) if keep) + 2

    while used() > width:
        droppable = [index for index, column in enumerate(columns) if shown[index] and column.drop]
        if not droppable:
            break
        shown[max(droppable, key=lambda index: (columns[index].drop, index))] = False
    spare = max(0, width - used())
    weights = sum(column.flex for column, keep in zip(columns, shown, strict=True) if keep)
    widths: list[int | None] = []
    left = spare
    for column, need, keep in zip(columns, needs, shown, strict=True):
        if not keep:
            widths.append(None)
            continue
        share = spare * column.flex // weights if weights else 0
        left -= share
        widths.append(need + share)
    if left and weights:  # what integer division left over goes to the first flexible column
        first = next(index for index, column in enumerate(columns) if shown[index] and column.flex)
        widths[first] = (widths[first] or 0) + left
    return widths


def fill_table(table: DataTable[str], width: int, columns: Sequence[Column], rows: Iterable[tuple[str, Sequence[str]]],
               *, value_widths: Mapping[str, int] | None = None,
               headers: Sequence[str] | None = None, keep_cursor: bool = True) -> tuple[Column, ...]:
    """Put ``rows`` (key, one cell per column) in ``table`` with the columns that fit ``width``.

    A column needs its header, its ``minimum``, the widest value it can show (``value_widths``, for
    coded values, so the width does not jump while filtering) and, for a fixed column, the widest of
    its cells. The highlighted row stays where it was (``keep_cursor``; else the first row is). Returns
    the columns shown.
    """
    rows = list(rows)
    labels = list(headers) if headers is not None else [t(column.key) for column in columns]
    known = value_widths or {}
    needs = [
        max(column.minimum, len(label), known.get(column.id, 0),
            0 if column.flex else max((len(str(cells[index])) for _key, cells in rows), default=0))
        for index, (column, label) in enumerate(zip(columns, labels, strict=True))
    ]
    widths = fit_columns(width, columns, needs)
    shown = [index for index, column_width in enumerate(widths) if column_width is not None]
    cursor = table.cursor_row
    table.clear(columns=True)
    for index in shown:
        table.add_column(labels[index], width=widths[index], key=columns[index].id)
    for key, cells in rows:
        table.add_row(*(cells[index] for index in shown), key=key)
    if rows and keep_cursor:
        table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
    return tuple(columns[index] for index in shown)


class RowsLoaded(Message, Generic[QueryT, RowT]):
    """A list's rows arrived for the state ``query`` (which may no longer be the screen's)."""

    def __init__(self, query: QueryT, page: Page[RowT]) -> None:
        super().__init__()
        self.query: QueryT = query
        self.page: Page[RowT] = page

    @property
    def filter_text(self) -> str:
        return self.query.text

    @property
    def rows(self) -> tuple[RowT, ...]:
        return self.page.rows


class SeekersLoaded(RowsLoaded[SeekerFilter, SeekerRow]):
    """Job seekers for one filter arrived."""


class VacanciesLoaded(RowsLoaded[VacancyFilter, VacancyRow]):
    """Vacancies for one filter arrived."""


class ListScreen(SrmatchScreen, Generic[QueryT, RowT]):
    """A filterable table over one kind of record."""

    # The footer shows them in this order and 80 columns hold about five: adding and opening first,
    # Escape last (everyone knows it; F1 and the palette list every key).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add", "forms.key.add", id="list.add", tooltip="forms.key.add_help"),
        Binding("enter", "open_selected", "key.open", id="list.open", tooltip="key.open", show=True),
        Binding("m", "matches_selected", "matches.key.matches", id="list.matches", tooltip="matches.key.matches_help"),
        Binding("ctrl+f", "focus_filter", "key.filter", id="list.filter", tooltip="key.filter"),
        Binding("ctrl+s", "sort_next", "key.sort", id="list.sort", tooltip="key.sort"),
        Binding("ctrl+r", "sort_reverse", "key.reverse", id="list.reverse", tooltip="key.reverse_help"),
        Binding("escape", "back", "key.back", id="list.back", tooltip="key.back_or_clear"),
    ]
    #: The form that adds a record of this list (``screens/forms.py``).
    form_screen: ClassVar[str] = ""
    title_key: ClassVar[str] = ""
    placeholder_key: ClassVar[str] = "list.filter_placeholder"
    #: Catalogue key of the empty-result message ("No job seekers match …").
    empty_key: ClassVar[str] = ""
    #: The columns, in order (``Column.id`` is the sort key); see :func:`fit_columns`.
    columns: ClassVar[Sequence[Column]] = ()

    def __init__(self) -> None:
        super().__init__()
        #: What the list shows: the screen's state. Results for any other state are dropped.
        self.list_filter: QueryT = self.initial_query()
        #: The rows on screen, in table order.
        self.rows: tuple[RowT, ...] = ()
        #: The columns the terminal has room for (a narrow one leaves some out: ``Column.drop``).
        self.shown_columns: tuple[Column, ...] = ()

    def initial_query(self) -> QueryT:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t(self.placeholder_key), id="filter")
        yield from self.compose_filters()
        table: DataTable[str] = DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(t("list.loading"), id="count")
        yield Footer()

    def compose_filters(self) -> ComposeResult:
        """Extra filter widgets under the text filter (none by default)."""
        yield from ()

    def on_mount(self) -> None:
        self.title = t(self.title_key)
        self._fill_table()
        self.query_one("#filter", Input).focus()
        self.load(self.list_filter)

    def value_width(self, sort: str) -> int:
        """The widest value a column can show, for columns of coded values (0: no such limit)."""
        return 0

    def header(self, column: Column) -> str:
        """A column header, with ▲/▼ on the column the list is sorted by (not colour alone)."""
        if column.id != self.list_filter.sort:
            return t(column.key)
        return f"{t(column.key)} {'▼' if self.list_filter.descending else '▲'}"

    def on_resize(self) -> None:
        self._fill_table()

    def set_query(self, query: QueryT) -> None:
        """Change what the list shows and fetch it."""
        if query != self.list_filter:
            self.list_filter = query
            self.query_one("#count", Static).update(t("list.loading"))
            self.load(query)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.set_query(replace(self.list_filter, text=event.value))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="list", description="load rows")
    def load(self, query: QueryT) -> None:
        page = self.fetch(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.loaded(query, page))

    def fetch(self, query: QueryT) -> Page[RowT]:
        """The rows for ``query`` (runs in the worker thread)."""
        raise NotImplementedError

    def loaded(self, query: QueryT, page: Page[RowT]) -> RowsLoaded[QueryT, RowT]:
        raise NotImplementedError

    def cells(self, row: RowT) -> tuple[str, ...]:
        raise NotImplementedError

    def row_key(self, row: RowT) -> str:
        raise NotImplementedError

    def show(self, message: RowsLoaded[QueryT, RowT]) -> None:
        """Put arrived rows on screen, unless the user has asked for something else since."""
        if message.query != self.list_filter:
            return
        self.rows = message.page.rows
        self._fill_table(keep_cursor=False)
        page = message.page
        if page.total == 0:
            text = t(self.empty_key, text=self.list_filter.text) if self.list_filter.text.strip() else t("list.empty_all")
        elif page.more:
            text = t("list.count_capped", shown=len(page.rows), total=page.total)
        else:
            text = t("list.count", shown=page.total)
        self.query_one("#count", Static).update(text)

    def _fill_table(self, *, keep_cursor: bool = True) -> None:
        """The rows on screen in the columns that fit the terminal now (after a load or a resize)."""
        self.shown_columns = fill_table(
            self.query_one(DataTable), self.size.width or 80, self.columns,
            ((self.row_key(row), self.cells(row)) for row in self.rows),
            value_widths={column.id: self.value_width(column.id) for column in self.columns},
            headers=[self.header(column) for column in self.columns], keep_cursor=keep_cursor,
        )

    def open_record(self, key: str) -> None:
        raise NotImplementedError

    def action_sort_next(self) -> None:
        """Sort by the next column on screen (ascending)."""
        sorts = [column.id for column in self.shown_columns or self.columns]
        current = sorts.index(self.list_filter.sort) if self.list_filter.sort in sorts else -1
        self.set_query(replace(self.list_filter, sort=sorts[(current + 1) % len(sorts)], descending=False))

    def action_sort_reverse(self) -> None:
        self.set_query(replace(self.list_filter, descending=not self.list_filter.descending))

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by it; a second click reverses."""
        sort = str(event.column_key.value)
        if sort == self.list_filter.sort:
            self.action_sort_reverse()
        else:
            self.set_query(replace(self.list_filter, sort=sort, descending=False))

    def action_back(self) -> None:
        """Escape clears a filled filter first; on an empty filter it goes back."""
        field = self.query_one("#filter", Input)
        if field.value:
            field.value = ""
            field.focus()
        else:
            self.app.pop_screen()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing while the table has focus goes to the filter; Down in the filter goes to the table."""
        table = self.query_one(DataTable)
        if event.key == "down" and self.focused is self.query_one("#filter", Input) and table.row_count:
            table.focus()  # type, arrow down, Enter: the habit of every search box
            event.stop()
            event.prevent_default()
            return
        if event.key in self._bindings.key_to_bindings:
            return  # a key of this screen (``m`` for matches) acts on the highlighted row
        if self.focused is table and event.is_printable and event.character:
            field = self.query_one("#filter", Input)
            field.focus()
            field.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def selected_key(self) -> str | None:
        """The key of the highlighted row; on an empty list says so and gives None."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            self.notify(t("list.nothing_selected"), severity="warning")
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def action_open_selected(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.open_record(key)

    def open_matches(self, key: str) -> None:
        raise NotImplementedError

    def action_add(self) -> None:
        """A new record, in its form (ctrl+n: a letter would go to the filter)."""
        self.context.open_screen(self.form_screen)

    def on_profile_saved(self, message: ProfileSaved) -> None:
        """A form saved a record of this list: show it as it is now; open a new one."""
        if message.form == self.form_screen:
            self.load(self.list_filter)
            if message.created:
                self.open_record(message.key)

    def action_matches_selected(self) -> None:
        """The matches of the highlighted person or vacancy."""
        key = self.selected_key()
        if key is not None:
            self.open_matches(key)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_record(event.row_key.value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class SeekerListScreen(ListScreen[SeekerFilter, SeekerRow]):
    """The caseload: find a job seeker by name, client number or postcode."""

    screen_id = "seekers"
    form_screen = "seeker_form"
    title_key = "menu.seekers"
    empty_key = "list.empty_seekers"
    placeholder_key = "list.filter_placeholder_seekers"
    # At 80 columns the postcode leaves first (the record and the area filter have it); the target
    # group shows its short form (``target_group_short.*``; the record shows the whole name).
    columns = (
        Column("col.client_number", "client_number", 9),
        Column("col.name", "name", 18, flex=1),
        Column("col.postcode", "postcode", 4, drop=1),
        Column("col.target_group", "target_group"),
        Column("col.ladder", "ladder", 1),
        Column("col.status", "status"),
        Column("col.profile", "profile"),
    )

    def initial_query(self) -> SeekerFilter:
        return SeekerFilter()

    def value_width(self, sort: str) -> int:
        if sort == "status":
            return max(len(t(f"seeker_status.{status}")) for status in records.SEEKER_STATUSES)
        if sort == "target_group":
            return max(len(t(f"target_group_short.{group}")) for group in records.TARGET_GROUPS)
        if sort == "profile":
            return max(len(t("list.complete")), len(t("list.gaps", count=4)))
        return 0

    def compose_filters(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Select(
                [(t(f"seeker_status.{status}"), status) for status in records.SEEKER_STATUSES],
                prompt=t("filter.any_status"), id="filter-status", compact=True,
            )
            yield Select(
                [(t(f"target_group.{group}"), group) for group in records.TARGET_GROUPS],
                prompt=t("filter.any_target_group"), id="filter-target-group", compact=True,
            )
            yield Select(
                [(t("filter.rung", rung=rung), rung) for rung in range(1, 7)],
                prompt=t("filter.any_rung"), id="filter-rung", compact=True,
            )
            yield Checkbox(t("filter.mine"), id="filter-mine", compact=True)
            yield Checkbox(t("filter.incomplete"), id="filter-incomplete", compact=True)

    @on(Select.Changed, "#filter-status")
    def _status_changed(self, event: Select.Changed) -> None:
        self.set_query(replace(self.list_filter, status=None if event.value is Select.NULL else str(event.value)))

    @on(Select.Changed, "#filter-target-group")
    def _target_group_changed(self, event: Select.Changed) -> None:
        self.set_query(replace(self.list_filter, target_group=None if event.value is Select.NULL else str(event.value)))

    @on(Select.Changed, "#filter-rung")
    def _rung_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.set_query(replace(self.list_filter, ladder_rung=value if isinstance(value, int) else None))

    @on(Checkbox.Changed, "#filter-mine")
    def _mine_changed(self, event: Checkbox.Changed) -> None:
        self.set_query(replace(self.list_filter, caseworker=self.services.actor.login if event.value else None))

    @on(Checkbox.Changed, "#filter-incomplete")
    def _incomplete_changed(self, event: Checkbox.Changed) -> None:
        self.set_query(replace(self.list_filter, incomplete=event.value))

    def fetch(self, query: SeekerFilter) -> Page[SeekerRow]:
        return self.services.run(records.search_seekers, query, limit=PAGE_SIZE)

    def loaded(self, query: SeekerFilter, page: Page[SeekerRow]) -> SeekersLoaded:
        return SeekersLoaded(query, page)

    def on_seekers_loaded(self, message: SeekersLoaded) -> None:
        self.show(message)

    def cells(self, row: SeekerRow) -> tuple[str, ...]:
        return (
            row.client_number,
            row.display_name,
            row.postcode,
            t(f"target_group_short.{row.target_group}"),
            _text(row.ladder_rung),
            t(f"seeker_status.{row.status}"),
            t("list.gaps", count=len(row.gaps)) if row.gaps else t("list.complete"),
        )

    def row_key(self, row: SeekerRow) -> str:
        return row.client_number

    def open_record(self, key: str) -> None:
        self.context.open_screen("seeker", client_number=key)

    def open_matches(self, key: str) -> None:
        self.context.open_screen("matches", client_number=key)


class VacancyListScreen(ListScreen[VacancyFilter, VacancyRow]):
    """Vacancies: find one by title, reference, employer or postcode."""

    screen_id = "vacancies"
    form_screen = "vacancy_form"
    title_key = "menu.vacancies"
    empty_key = "list.empty_vacancies"
    placeholder_key = "list.filter_placeholder_vacancies"
    # The title and the employer share what is left (3:2); at 80 columns the postcode leaves first.
    columns = (
        Column("col.title", "title", 20, flex=3),
        Column("col.employer", "employer", 12, flex=2),
        Column("col.postcode", "postcode", 7, drop=1),
        Column("col.hours", "hours", 5),
        Column("col.status", "status"),
        Column("col.reference", "reference", 15),
    )

    def initial_query(self) -> VacancyFilter:
        return VacancyFilter()

    def value_width(self, sort: str) -> int:
        if sort == "status":
            return max(len(t(f"vacancy_status.{status}")) for status in records.VACANCY_STATUSES)
        return 0

    def compose_filters(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Select(
                [(t(f"vacancy_status.{status}"), status) for status in records.VACANCY_STATUSES],
                prompt=t("filter.any_status"), id="filter-status", compact=True,
            )

    @on(Select.Changed, "#filter-status")
    def _status_changed(self, event: Select.Changed) -> None:
        self.set_query(replace(self.list_filter, status=None if event.value is Select.NULL else str(event.value)))

    def fetch(self, query: VacancyFilter) -> Page[VacancyRow]:
        return self.services.run(records.search_vacancies, query, limit=PAGE_SIZE)

    def loaded(self, query: VacancyFilter, page: Page[VacancyRow]) -> VacanciesLoaded:
        return VacanciesLoaded(query, page)

    def on_vacancies_loaded(self, message: VacanciesLoaded) -> None:
        self.show(message)

    def cells(self, row: VacancyRow) -> tuple[str, ...]:
        return (
            row.title,
            row.employer,
            row.postcode,
            f"{row.hours_min}–{row.hours_max}",
            t(f"vacancy_status.{row.status}"),
            row.reference,
        )

    def row_key(self, row: VacancyRow) -> str:
        return row.reference

    def open_record(self, key: str) -> None:
        self.context.open_screen("vacancy", reference=key)

    def open_matches(self, key: str) -> None:
        self.context.open_screen("matches", reference=key)
