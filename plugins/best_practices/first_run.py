"""The best-practice plugin's step of ``ohs setup``: the district's settings of the quarterly report.

Written to ``[best_practices]`` in ohs.toml after the same check the report applies when it reads them
(``load_settings``). For a new workspace the report is on by default (``required = true``): a district that
asks for it is why most organizations keep the register; ``required = false`` in the answers switches it off.

Not named ``setup_steps``: importing such a submodule would replace the package's hook of that name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.setup.steps import Answers, Prompt, SetupStep, StepContext

KEYS = ("addressee", "deadline_day", "deadline_month", "required", "empty_quarter_report")


def run_district(ctx: StepContext, answers: Answers) -> list[str]:
    """Check the answered settings as the report reads them, then write them (``required`` true unless said)."""
    from core.workspace_settings import set_settings
    from plugins.best_practices.settings import SECTION, load_settings

    current = ctx.app.workspace.section(SECTION)
    values: dict[str, Any] = {}
    if answers.has("addressee"):
        values["addressee"] = str(answers.data["addressee"]).strip()
    for key, low, high in (("deadline_day", 1, 31), ("deadline_month", 1, 4)):
        if answers.has(key):
            values[key] = answers.integer(key, None, low, high)
    for key in ("required", "empty_quarter_report"):
        if key in answers.data:
            values[key] = answers.flag(key, True)
    if "required" not in values and "required" not in current:
        values["required"] = True
    try:
        settings = load_settings({**current, **values})
    except OhsError as exc:
        raise answers.error(next(iter(values), "required"), exc.message.rstrip(".")) from None
    if not values:
        return ["Настройки отчёта: без изменений."]
    set_settings(ctx.session, ctx.app.workspace, SECTION, values)
    if not settings.required:
        return ["Квартальный отчёт о передовом опыте: не обязателен (required = false)."]
    addressee = (settings.addressee or "администрация муниципального образования").splitlines()[0]
    return [f"Квартальный отчёт о передовом опыте: обязателен, до {settings.deadline_day} числа; адресат — "
            f"{addressee}. Записано в ohs.toml [best_practices]."]


def ask_district(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """Whether the district asks for the report, to whom, by which day."""
    if not prompt.yes("Администрация района ждёт ежеквартальный отчёт о передовом опыте?", True):
        return {"required": False}
    answers: dict[str, Any] = {"required": True}
    addressee = prompt.text("Кому адресован отчёт (должность и ФИО; пусто — администрация по профилю)")
    if addressee:
        answers["addressee"] = addressee
    answers["deadline_day"] = prompt.text("До какого числа последнего месяца квартала", default="25")
    return answers


def steps() -> list[SetupStep]:
    """The district step (90), before the pack."""
    from core.setup.steps import FormField, SetupStep

    fields = (FormField("required", "Администрация района ждёт ежеквартальный отчёт о передовом опыте", "flag",
                        default=True),
              FormField("addressee", "Кому адресован отчёт", hint="должность и ФИО; пусто — администрация по профилю"),
              FormField("deadline_day", "До какого числа последнего месяца квартала", "number", default=25))
    return [SetupStep("district", "Отчёт о передовом опыте в администрацию района", 90, run_district,
                      ask_district, keys=KEYS, always=True, fields=fields)]
