"""Request dependencies: the open database and the person a request is about."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import Depends, Query, Request

from ..services.people import check_person_name
from ..services.maintenance import Database


def get_db(request: Request) -> Database:
    """Return the database opened when the app started."""
    return request.app.state.db


def get_person(request: Request, person: Optional[str] = Query(None, max_length=80,
                                                               description="Whose diary (default: me).")) -> str:
    """Return the person named in ``?person=`` or the app's default person.

    Raises:
        ValidationError: an empty or over-long name.
    """
    return check_person_name(person if person is not None else request.app.state.settings.person)


DbDep = Annotated[Database, Depends(get_db)]
PersonDep = Annotated[str, Depends(get_person)]
