"""Seminars and what belongs to them: venues, speakers and programme, and the editable pages."""

from .easy_read import SeminarEasyReadLine
from .pages import LoadedContent, Page, PageKind
from .programme import ProgrammeItem, SeminarSpeaker
from .seminars import Seminar, SeminarQuerySet, SeminarStatus, WindowState, ended_before
from .venues import AccessFeature, Lift, Venue

__all__ = [
    "AccessFeature",
    "Lift",
    "LoadedContent",
    "Page",
    "PageKind",
    "ProgrammeItem",
    "Seminar",
    "SeminarEasyReadLine",
    "SeminarQuerySet",
    "SeminarSpeaker",
    "SeminarStatus",
    "Venue",
    "WindowState",
    "ended_before",
]
