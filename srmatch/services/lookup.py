"""Find any record by what a user remembers of it: for the command palette (ctrl+p).

``find_records(engine, "celik")`` returns a few job seekers (by name, client number, postcode
or district), vacancies (by title, reference, employer, contract) and contracts (by reference
or title), each as a plain :class:`RecordHit` naming the screen that opens it. The words are
matched with the same rules as the lists (``services/search.py``: every word, any order, no
case, no accents, codes with or without spaces), a handful per kind, without counting the
rest, so one keystroke costs three small indexed queries. Finding is not opening: nothing is
audited here; opening a person's record from a hit is audited by the record screen as always.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, or_
from sqlmodel import col, select

from srmatch.matching.areas import district_of
from srmatch.services import search
from srmatch.store.engine import session_scope
from srmatch.store.search_keys import fold
from srmatch.store.models import Contract, JobSeeker, Organisation, Vacancy

#: Hits per kind of record; the palette shows the best of them first.
HITS_PER_KIND = 5
#: Shorter input finds nothing (two letters match half the city).
MIN_QUERY = 2


@dataclass(frozen=True)
class RecordHit:
    """A record the palette can open: the registry screen id and its key parameter."""

    #: ``"seeker"``, ``"vacancy"`` or ``"contract"`` (the registry's screen ids).
    kind: str
    #: What the screen is opened with: a client number or a reference.
    key: str
    #: The words a user recognises it by: a name, a title.
    label: str
    #: One more fact to tell two hits apart: postcode and district, employer, contractor.
    detail: str

    @property
    def folded(self) -> str:
        """Label and key without case or accents ("Çelik" → "celik"), for fuzzy scoring."""
        return fold(f"{self.label} {self.key}")

    @property
    def screen_params(self) -> dict[str, str]:
        """Keyword arguments of the record's screen (``open_screen(kind, **params)``)."""
        name = {"seeker": "client_number", "vacancy": "reference", "contract": "reference"}[self.kind]
        return {name: self.key}


def fold_query(text: str) -> str:
    """What the user typed, folded the same way as :attr:`RecordHit.folded`."""
    return fold(text)


def find_records(engine: Engine, text: str, *, per_kind: int = HITS_PER_KIND) -> tuple[RecordHit, ...]:
    """Job seekers, vacancies and contracts whose words contain every word of ``text``."""
    words = search.words(text)
    if len("".join(words)) < MIN_QUERY:
        return ()
    hits: list[RecordHit] = []
    with session_scope(engine) as session:
        seekers = session.exec(
            select(col(JobSeeker.client_number), col(JobSeeker.display_name), col(JobSeeker.postcode))
            .where(*search.seeker_conditions(text), col(JobSeeker.erased_at).is_(None))
            .order_by(col(JobSeeker.display_name), col(JobSeeker.client_number)).limit(per_kind)
        ).all()
        hits += [RecordHit("seeker", number, name, " · ".join(filter(None, (postcode, district_of(postcode)))))
                 for number, name, postcode in seekers]
        vacancies = session.exec(
            select(col(Vacancy.reference), col(Vacancy.title), col(Organisation.name))
            .join(Organisation, col(Organisation.id) == col(Vacancy.employer_id))
            .outerjoin(Contract, col(Contract.id) == col(Vacancy.contract_id))
            .where(*search.vacancy_conditions(text))
            .order_by(col(Vacancy.title), col(Vacancy.reference)).limit(per_kind)
        ).all()
        hits += [RecordHit("vacancy", reference, title, employer) for reference, title, employer in vacancies]
        contract_words = [
            or_(func.lower(col(Contract.reference)).like(f"%{word}%"), func.lower(col(Contract.title)).like(f"%{word}%"))
            for word in words if word.replace("-", "").isalnum()
        ]
        if contract_words:
            contracts = session.exec(
                select(col(Contract.reference), col(Contract.title), col(Organisation.name))
                .join(Organisation, col(Organisation.id) == col(Contract.contractor_id))
                .where(*contract_words).order_by(col(Contract.reference)).limit(per_kind)
            ).all()
            hits += [RecordHit("contract", reference, title, contractor) for reference, title, contractor in contracts]
    return tuple(hits)
