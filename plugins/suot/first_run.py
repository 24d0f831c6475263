"""The СУОТ plugin's steps of ``ohs setup``: goals, the sector profile, and the pack of documents.

Goals go through ``add_goal`` (``ohs suot goal add``), the profile is the ``[suot] sector_profiles`` setting the
Положение reads, the pack is ``make_pack`` (``ohs suot pack``) with its output.

Not named ``setup_steps``: importing such a submodule would replace the package's hook of that name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.setup.steps import Answers, Prompt, SetupStep, StepContext


def run_goals(ctx: StepContext, answers: Answers) -> list[str]:
    """Each goal (a line, or a table with text, indicator, target): added unless an active goal says the same."""
    from plugins.suot.goals import add_goal, current_goals

    year = answers.integer("year", None, 2000, 2100)
    raw = answers.data.get("items") or []
    if not isinstance(raw, list) or not raw:
        raise answers.error("items", "нужен список целей, например items = [\"Отсутствие несчастных случаев\"]")
    goals = []
    for index, item in enumerate(raw, start=1):
        item = item if isinstance(item, dict) else {"text": item}
        unknown = [k for k in item if k not in ("text", "indicator", "target")]
        if unknown or not isinstance(item.get("text", ""), str):
            raise answers.error(f"items[{index}]", "цель — строка или таблица с ключами text, indicator, target")
        goals.append(item)
    existing = {" ".join(g.text.split()).lower() for g in current_goals(ctx.session, ctx.org, ctx.today)}
    lines = []
    for index, goal in enumerate(goals, start=1):
        if " ".join(str(goal.get("text", "")).split()).lower() in existing:
            lines.append(f"Цель «{goal['text']}» уже записана.")
            continue
        try:
            row = add_goal(ctx.session, ctx.org, str(goal.get("text", "")), ctx.today, goal.get("indicator"),
                           goal.get("target"), year=year)
        except OhsError as exc:
            raise answers.error(f"items[{index}]", exc.message.rstrip(".")) from None
        lines.append(f"Цель №{row.id}: {row.text}.")
    return lines


def ask_goals(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """Goals as lines."""
    items = prompt.items("Цели в области охраны труда (пусто — пропустить)")
    return {"items": items} if items else None


def run_sector(ctx: StepContext, answers: Answers) -> list[str]:
    """``[suot] sector_profiles`` in ohs.toml: the profiles of the Положение (checked against the data files)."""
    from core.workspace_settings import set_settings
    from plugins.suot.sectors import chosen_profiles

    keys = answers.texts("profiles")
    try:
        chosen = chosen_profiles(ctx.org, keys)
    except OhsError as exc:
        raise answers.error("profiles", exc.message.rstrip(".")) from None
    set_settings(ctx.session, ctx.app.workspace, "suot", {"sector_profiles": [p.key for p in chosen]})
    if not chosen:
        return ["Профиль отрасли: не выбран (в Положении только общие разделы)."]
    return ["Профиль отрасли: " + ", ".join(f"{p.title} ({p.key})" for p in chosen) + " — записано в ohs.toml [suot]."]


def ask_sector(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """The profiles that fit by name and ОКВЭД are offered; any other may be chosen."""
    from plugins.suot.sectors import chosen_profiles, profiles

    import click

    fitting = [p.key for p in chosen_profiles(ctx.org)]
    click.echo("   Профили отрасли: " + "; ".join(f"{p.key} — {p.title}" for p in profiles().values()))
    value = prompt.text("Профили для Положения о СУОТ (ключи через запятую)", default=", ".join(fitting) or None)
    if value is None:
        return None
    return {"profiles": [v.strip() for v in value.split(",") if v.strip()]}


def run_pack(ctx: StepContext, answers: Answers) -> list[str]:
    """``ohs suot pack``: every СУОТ document as a draft (unchanged ones are not remade), and what lacks data."""
    from plugins.suot.pack import make_pack
    from plugins.suot.pack_command import pack_lines

    out_dir = ctx.app.workspace.out_dir / f"suot-{ctx.today:%Y-%m-%d}"
    result = make_pack(ctx.session, ctx.org, ctx.app.pm, ctx.app.workspace, ctx.today, out_dir, [])
    return pack_lines(result, out_dir)


def _profile_choices(ctx: StepContext) -> list[tuple[str, str]]:
    from plugins.suot.sectors import profiles

    return [(p.key, p.title) for p in profiles().values()]


def _fitting_profiles(ctx: StepContext) -> list[str]:
    """The profiles that fit the organization by name and ОКВЭД, offered ticked."""
    from plugins.suot.sectors import chosen_profiles

    return [p.key for p in chosen_profiles(ctx.org)]


def steps() -> list[SetupStep]:
    """Goals (70), sector profile (80), the pack (900)."""
    from core.setup.steps import FormField, SetupStep

    return [
        SetupStep("goals", "Цели в области охраны труда", 70, run_goals, ask_goals, keys=("items", "year"),
                  fields=(FormField("items", "Цели", "lines", required=True,
                                    hint="по одной в строке, например «Отсутствие несчастных случаев»"),)),
        SetupStep("sector", "Профиль отрасли (разделы Положения о СУОТ)", 80, run_sector, ask_sector,
                  keys=("profiles",),
                  fields=(FormField("profiles", "Профили для Положения о СУОТ", "choices", choices=_profile_choices,
                                    default=_fitting_profiles, hint="отмечены подходящие по наименованию и ОКВЭД"),)),
        SetupStep("pack", "Пакет документов СУОТ", 900, run_pack, None, always=True),
    ]
