"""Learn: the knowledge base's topics and the EULAR 2016 recommendations, each with its sources.

Thin adapter over :mod:`fibrotrack.knowledge` (the same data as ``fibrotrack learn`` and ``/api/learn``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...errors import ValidationError
from ...knowledge import EULAR_VERSION, eular_recommendations, search, topic, topics
from ..deps import PersonDep
from .rendering import error_page, render

router = APIRouter(include_in_schema=False)


@router.get("/learn")
def learn_page(request: Request, person: PersonDep) -> Response:
    """Every topic (or those matching ``?q=``) and the EULAR 2016 table."""
    q = (request.query_params.get("q") or "").strip()[:100]
    found = search(q) if q else list(topics())
    data = {"q": q or None, "topics": [t.to_dict() for t in found],
            "eular": [r.to_dict() for r in eular_recommendations()], "eular_version": EULAR_VERSION}
    return render(request, "learn/index.html", data, person=person, title="Learn", api="/api/learn")


@router.get("/learn/{topic_id}")
def topic_page(request: Request, topic_id: str, person: PersonDep) -> Response:
    """One topic with its sources."""
    try:
        found = topic(topic_id)
    except ValidationError:
        return error_page(request, person=person, status_code=404, title="No such topic",
                          message=f"There is no topic called {topic_id!r}.")
    return render(request, "learn/topic.html", {"topic": found.to_dict()}, person=person, title=found.title,
                  api=f"/api/learn/{found.id}")
