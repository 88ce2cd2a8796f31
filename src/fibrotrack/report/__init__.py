"""The clinician report: its data, the charts (shared by the web page and the PDF) and the PDF itself.

Pure formatting code: the report service gathers :class:`ReportData`; nothing here reads a database.
"""

from .charts import assessment_chart, body_site_chart, chart_png, chart_spec, chart_svg, course_chart
from .data import (
    AssessmentPoint,
    RedFlag,
    ReportData,
    ReportPerson,
    ReportTreatment,
    SiteCount,
    SymptomSeries,
    daily_series,
    days_logged,
    site_counts,
)
from .pdf import STATEMENT, render_pdf, report_context

__all__ = [
    "STATEMENT",
    "AssessmentPoint",
    "RedFlag",
    "ReportData",
    "ReportPerson",
    "ReportTreatment",
    "SiteCount",
    "SymptomSeries",
    "assessment_chart",
    "body_site_chart",
    "chart_png",
    "chart_spec",
    "chart_svg",
    "course_chart",
    "daily_series",
    "days_logged",
    "render_pdf",
    "report_context",
    "site_counts",
]
