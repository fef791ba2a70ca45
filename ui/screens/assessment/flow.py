"""The state of one worker's self-assessment, shared by the four assessment screens.

The flow holds the instrument being taken, the answers so far and, once every
item is answered, the finished result. Screens ask it what to show and tell it
what the worker tapped; it decides nothing about layout.

Recording (DESIGN.md, Privacy): an assessment is *finished* once every item has
an answer. Exactly one record is written per finished assessment, at the first
of these moments:

- the worker asks for a follow-up code on the result screen (the record then
  carries the code — codes cannot be added to an event afterwards);
- the worker leaves the result (home, "finish", an offered questionnaire, the
  crisis screen's "stop", the idle wipe or error recovery).

An unfinished assessment — stopped, or wiped for idleness — is discarded and
nothing of it is written. Writes run off the GUI thread
(:class:`BackgroundWriter`); a write that cannot happen is logged by its
exception type only, never with answers or scores.
"""

from __future__ import annotations

import enum
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.assessment import (
    Instrument,
    Score,
    crisis_flags,
    load_instruments,
    safety_flags_for_answer,
    score,
)
from kiosk.resources import resource
from ui.i18n import current_language
from ui.screens.assessment.background import BackgroundWriter, Done
from ui.screens.assessment.staff_call import StaffCaller

if TYPE_CHECKING:
    from kiosk.content.catalogue import Resource
    from ui.window import KioskWindow

log = logging.getLogger(__name__)

# How the chooser orders what it offers: the quick check first, then the full ones.
PREFERRED_ORDER = ("quick", "phq9", "gad7", "who5", "k10")
QUICK = "quick"


def instruments_folder() -> Path:
    """Where the shipped instrument files are (tests point this at a copy)."""
    return resource("instruments")


class Outcome(enum.Enum):
    """What the screen should show after an answer."""

    NEXT = "next"  # the next item
    CRISIS = "crisis"  # screen_crisis, before anything else
    DONE = "done"  # the result


@dataclass
class Run:
    """An instrument being taken: one answer slot per item."""

    instrument: Instrument
    answers: list[int | None]
    index: int = 0
    crisis_pending_resume: bool = False

    @property
    def complete(self) -> bool:
        return all(answer is not None for answer in self.answers)


@dataclass
class Finished:
    """A finished assessment and where its (single) record stands."""

    token: int
    instrument: Instrument
    answers: tuple[int, ...]
    score: Score
    state: str = "pending"  # pending → saving → saved | failed (→ saving again)
    follow_up_code: str | None = None
    follow_up_asked: bool = False
    listeners: list[Callable[[Finished], None]] = field(default_factory=list)


class AssessmentFlow:
    """See the module docstring."""

    def __init__(self, window: KioskWindow) -> None:
        self.window = window
        self.writer = BackgroundWriter(context=window)
        self.staff = StaffCaller(window, self.with_database)
        self.run: Run | None = None
        self.finished: Finished | None = None
        self._tokens = itertools.count(1)
        self._shipped: dict[str, Instrument] | None = None
        self._shipped_resources: dict[str, Resource] | None = None
        self._waiting: list[Done] = []
        window.runtime_failed.connect(self._database_failed)

    # --- content ----------------------------------------------------------------------

    def _content(self) -> Any:
        runtime = self.window.runtime
        return getattr(runtime, "content", None) if runtime is not None else None

    def instruments(self) -> dict[str, Instrument]:
        """Instruments in use: the runtime's content once open, else the shipped files."""
        found = getattr(self._content(), "instruments", None)
        if isinstance(found, dict) and found:
            return found
        if self._shipped is None:
            self._shipped, problems = load_instruments(instruments_folder())
            for problem in problems:
                # Names file and field only; an instrument file holds no worker data.
                log.error("instrument refused: %s", problem)
        return self._shipped

    def offered(self, lang: str | None = None) -> list[Instrument]:
        """Instruments the chooser shows in ``lang`` (K10 only in English), in display order."""
        lang = lang or current_language()
        found = self.instruments()
        order = [i for i in PREFERRED_ORDER if i in found]
        order += sorted(i for i in found if i not in PREFERRED_ORDER)
        return [found[i] for i in order if found[i].offered_in(lang)]

    def resources(self) -> dict[str, Resource]:
        """Resource catalogue by id: the runtime's content, else the shipped file, else empty."""
        found = getattr(self._content(), "resources", None)
        if found:
            return {r.id: r for r in found}
        if self._shipped_resources is None:
            try:
                from kiosk.content.catalogue import load_resources

                self._shipped_resources = {r.id: r for r in load_resources()}
            except Exception as exc:  # noqa: BLE001 - screens must work without content
                log.error("resource catalogue unavailable: %s", type(exc).__name__)
                self._shipped_resources = {}
        return self._shipped_resources

    @staticmethod
    def text_language(instrument: Instrument) -> str:
        """The language to show an instrument's texts in.

        The UI language, unless the instrument is not offered in it (a worker who
        switches to Chinese in the middle of K10 keeps its English wording rather
        than seeing an unpublished translation).
        """
        lang = current_language()
        if instrument.offered_in(lang):
            return lang
        return "en" if lang == "zh" else "zh"

    # --- taking an instrument -----------------------------------------------------------

    def start(self, instrument_id: str) -> Run:
        """Begin ``instrument_id``; whatever came before ends first (see :meth:`end`)."""
        instrument = self.instruments()[instrument_id]
        self.end()
        self.run = Run(instrument, [None] * len(instrument.items))
        log.info("self-assessment started (%s)", instrument.id)
        return self.run

    def answer(self, answer: int) -> Outcome:
        """Store the answer to the current item and say what comes next."""
        run = self._require_run()
        index = run.index
        flags = safety_flags_for_answer(run.instrument, index, answer)
        run.answers[index] = answer
        if crisis_flags(run.instrument, flags):
            # Crisis before anything else; the item screen moves on after it.
            run.crisis_pending_resume = True
            return Outcome.CRISIS
        return self._advance()

    def resume_after_crisis(self) -> Outcome:
        """The worker chose to go on from the crisis screen."""
        run = self._require_run()
        if not run.crisis_pending_resume:
            return Outcome.NEXT if not run.complete else self._advance()
        run.crisis_pending_resume = False
        return self._advance()

    def _advance(self) -> Outcome:
        run = self._require_run()
        if run.index + 1 < len(run.answers):
            run.index += 1
            return Outcome.NEXT
        if not run.complete:  # an earlier item left blank cannot happen, but be exact
            run.index = run.answers.index(None)
            return Outcome.NEXT
        self._finish()
        return Outcome.DONE

    def back(self) -> bool:
        """Go to the previous item; False on the first one."""
        run = self._require_run()
        if run.index == 0:
            return False
        run.crisis_pending_resume = False
        run.index -= 1
        return True

    def _finish(self) -> None:
        run = self._require_run()
        answers = tuple(a for a in run.answers if a is not None)
        result = score(run.instrument, answers)
        self.finished = Finished(next(self._tokens), run.instrument, answers, result)
        self.run = None

    def finish_if_complete(self) -> bool:
        """Turn a complete run into a finished assessment (crisis "stop" after the last item)."""
        if self.run is not None and self.run.complete:
            self._finish()
            return True
        return False

    def _require_run(self) -> Run:
        if self.run is None:
            raise RuntimeError("no self-assessment is in progress")
        return self.run

    def has_state(self) -> bool:
        return self.run is not None or self.finished is not None

    def offers(self) -> list[Instrument]:
        """Full questionnaires the finished quick check suggests, if available here."""
        if self.finished is None:
            return []
        found = self.instruments()
        lang = current_language()
        return [
            found[i] for i in self.finished.score.offers if i in found and found[i].offered_in(lang)
        ]

    # --- ending and recording -------------------------------------------------------------

    def end(self) -> None:
        """The worker's assessment ends: record it if finished, discard it if not."""
        finished, self.finished, self.run = self.finished, None, None
        if finished is not None:
            finished.listeners.clear()
            if finished.state in ("pending", "failed"):
                self._record(finished, follow_up=False)

    def request_follow_up(self, listener: Callable[[Finished], None]) -> bool:
        """Record the finished assessment with a follow-up code; ``listener`` hears the outcome.

        False if there is nothing to record with a code any more (already recorded).
        """
        finished = self.finished
        if finished is None or finished.state in ("saving", "saved"):
            return False
        finished.follow_up_asked = True
        finished.listeners.append(listener)
        self._record(finished, follow_up=True)
        return True

    def _record(self, finished: Finished, *, follow_up: bool) -> None:
        finished.state = "saving"
        config = self.window.config
        result, answers = finished.score, finished.answers

        def job(runtime: Any) -> Any:
            from kiosk.assessment import service

            return service.record_assessment(
                runtime.db, config, result, answers, follow_up=follow_up
            )

        def done(ok: bool, value: Any) -> None:
            if ok:
                finished.state = "saved"
                finished.follow_up_code = value.follow_up_code
            else:
                finished.state = "failed"
                log.error("self-assessment could not be recorded: %s", type(value).__name__)
            for listener in list(finished.listeners):
                listener(finished)

        self.with_database(job, done)

    def with_database(self, job: Callable[[Any], Any], done: Done) -> None:
        """Run ``job(runtime)`` off the GUI thread once the database is open."""
        if self.window.runtime is None and self.window.runtime_error is not None:
            done(False, RuntimeError("the database is not available"))
            return

        def ready(runtime: Any) -> None:
            if done in self._waiting:
                self._waiting.remove(done)
            self.writer.submit(lambda: job(runtime), done)

        if self.window.runtime is None:
            self._waiting.append(done)
        self.window.when_ready(ready)

    def _database_failed(self, _reason: str) -> None:
        waiting, self._waiting = self._waiting, []
        for done in waiting:
            done(False, RuntimeError("the database is not available"))
