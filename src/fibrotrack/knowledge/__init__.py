"""Knowledge base: education topics and the EULAR 2016 recommendations, each citing clinical/REFERENCE.md."""

from .eular import EULAR_VERSION, EularRecommendation, eular_recommendation, eular_recommendations
from .sources import Citation, Source
from .topics import Code, Topic, search, topic, topics

__all__ = [
    "EULAR_VERSION",
    "Citation",
    "Code",
    "EularRecommendation",
    "Source",
    "Topic",
    "eular_recommendation",
    "eular_recommendations",
    "search",
    "topic",
    "topics",
]
