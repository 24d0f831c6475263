"""Running the steps of ``ohs setup`` in order, each in its own transaction.

A step's answers are checked before it writes; a wrong answer stops setup with a message naming the
key, and nothing of that step is written (the steps before it stay done: running setup again with the
corrected answers repeats nothing, as every step skips what is already recorded).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.setup.steps import Answers, Prompt, SetupStep, StepContext

if TYPE_CHECKING:
    from core.app import App


def all_steps(pm: Any) -> list[SetupStep]:
    """The core's steps and the plugins' (``setup_steps`` hook), by ``order``."""
    from core.cli.setup.core_steps import core_steps

    steps = core_steps() + [s for batch in pm.hook.setup_steps() for s in batch or ()]
    return sorted(steps, key=lambda s: s.order)


def run_setup(app: App, answers: dict[str, Any] | None, base_dir: Path, today: Any) -> None:
    """Every step in order: from ``answers`` (a parsed file), or by asking in the terminal when None."""
    import click

    from core.errors import OhsError

    prompt = Prompt()
    steps = all_steps(app.pm)
    for number, step in enumerate(steps, start=1):
        click.echo(f"\n{number}. {step.title}")
        while True:
            try:
                lines = _run_step(app, step, answers, prompt, base_dir, today)
            except OhsError as exc:
                if answers is not None:
                    raise
                # In a terminal a wrong answer is asked again; the step's transaction is already rolled back.
                click.echo(f"   Ошибка: {exc.message}", err=True)
                for line in exc.details:
                    click.echo(f"     {line}", err=True)
                click.echo("   Шаг не записан; ответьте ещё раз.")
                continue
            for line in lines:
                click.echo(f"   {line}")
            break


def _run_step(app: App, step: SetupStep, answers: dict[str, Any] | None, prompt: Prompt, base_dir: Path,
              today: Any) -> list[str]:
    """One step in one transaction: its answers read or asked, checked, written; ``["пропущено"]`` without answers."""
    interactive = answers is None
    with app.session() as session:
        ctx = StepContext(app=app, session=session, org=app.org(session), today=today, base_dir=base_dir,
                          interactive=interactive,
                          confirm=(lambda q, d: prompt.yes(q, d)) if interactive else (lambda _q, d: d))
        section = _section(step, answers, prompt, ctx)
        if section is None:
            return ["пропущено"]
        return step.run(ctx, Answers(step.key, section, step.keys))


def _section(step: SetupStep, answers: dict[str, Any] | None, prompt: Prompt, ctx: StepContext) -> dict | None:
    """The step's answers: its section of the file, the questions' answers, {} for a step that always runs."""
    if answers is not None:
        section = answers.get(step.key)
        return section if section is not None else ({} if step.always else None)
    if step.ask is None:
        return {} if step.always else None
    return step.ask(prompt, ctx)
