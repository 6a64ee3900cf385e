"""Demo staff: caseworkers, team leads, account managers and an administrator."""

from __future__ import annotations

import datetime as dt

from srmatch.services.demo.common import DemoContext, stamp, stream
from srmatch.store.models import Role

def build(ctx: DemoContext) -> None:
    rng = stream(ctx.seed, "users")
    rows = []
    for index, (login, name, role) in enumerate(ctx.ref.users, start=1 + ctx.user_id_offset):
        if login in ctx.taken_logins:
            login = f"{login}.demo"
        rows.append({
            "id": index, "login": login, "display_name": name, "role": role.value, "active": True,
            "created_at": stamp(ctx.today - dt.timedelta(days=rng.randint(300, 900)), rng),
        })
        if role is Role.CASEWORKER:
            ctx.caseworkers.append(index)
        elif role is Role.TEAM_LEAD:
            ctx.team_leads.append(index)
        elif role is Role.ACCOUNT_MANAGER:
            ctx.account_managers.append(index)
    ctx.rows["app_user"] = rows

