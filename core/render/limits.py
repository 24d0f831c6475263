"""Resource limits of document templates: how long a render may take, how much it may produce.

A workspace template is edited by people; a mistake (a loop inside a loop over every employee, a
``'%999999999d' % 1``) must end in a Russian sentence naming the template, not in a hung command or
a machine out of memory. Three kinds of guard, each cheap on the legitimate path:

- **time**: a render has a deadline on the toolkit's monotonic clock (``core.clock.monotonic``),
  checked on every iteration of every ``{% for %}`` (the code generator wraps each loop's iterable in
  :func:`guard_loop`), on every call the sandbox makes, and while the output is collected;
- **output**: the render is streamed (the template's render generator) and stops once it is longer than
  :data:`MAX_OUTPUT_CHARS`;
- **single operations** that make something much larger than their operands in one C call, where no
  loop check can interrupt them: ``%`` and ``format`` with a huge width, ``*`` (string, list or number),
  ``**``, ``str.format`` widths, ``center``/``ljust``/``rjust``/``zfill``/``expandtabs``/``replace``/
  ``join`` and the filters ``center``, ``indent``, ``batch``, ``slice``, ``join``, ``replace``. ``+`` and
  ``~`` are checked after the fact (their result is at most twice their operands).

What stays outside: a single C call over values already in memory (``sum`` of lists is quadratic)
can still take long; the deadline stops the render at the next check after it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar, Token
from functools import wraps
from itertools import islice
from typing import Any

from jinja2.sandbox import MAX_RANGE

from core.clock import monotonic
from core.errors import OhsError

#: Longest document markup, in millions of characters (markup is mostly ASCII tags, so ≈ MB).
#: The 50,000-row workplace journal is 16.3 million characters (measured); 100 leaves six times that
#: for longer rows, while a runaway loop is stopped before its string alone takes gigabytes.
MAX_OUTPUT_MB = 100
MAX_OUTPUT_CHARS = MAX_OUTPUT_MB * 1_000_000

#: Seconds a render may take. The 50,000-row journal renders its markup in ≈ 0.5 s on the bench
#: machine (2 shared cores); 20 s is 40 times that — room for a slow laptop and for filters that
#: decline names (≈ 250 µs a job title, uncached) — and a mistaken loop stops within 20 s, not never.
RENDER_SECONDS = 20.0

#: Longest single value (a string built by ``*``, ``+``, ``~``, ``join``, ``replace``), in characters.
#: A cell or a paragraph is a few thousand; 30 million still fits a whole 50,000-row table joined
#: into one string, and bounds a doubling ``{% set s = s ~ s %}`` loop to a few hundred MB.
MAX_VALUE_CHARS = 30_000_000

#: Widest field a format may pad to (``'%-40s'``, ``'{:>12}'``, ``center(80)``). A printed line holds
#: about a hundred characters; ten thousand is far beyond any layout and far below a gigabyte.
MAX_FIELD_WIDTH = 10_000

#: Longest list ``*``, ``batch`` or ``slice`` may make: the sandbox's own cap on ``range()``.
MAX_SEQUENCE_ITEMS = MAX_RANGE

#: Largest integer ``*`` and ``**`` may make, in bits (≈ 4,900 digits): Python refuses to print an int
#: over 4,300 digits anyway, so a larger one can never reach a document — only burn time computing.
MAX_INT_BITS = 16_384

_LOOP_HINT = "проверьте циклы в шаблоне"


class TemplateLimitError(OhsError):
    """A template went over one of the limits; the message has no place, ``render_markup`` adds it."""


class RenderBudget:
    """The deadline of one render (on the monotonic clock)."""

    __slots__ = ("deadline",)

    def __init__(self, seconds: float | None = None) -> None:
        self.deadline = monotonic() + (RENDER_SECONDS if seconds is None else seconds)


#: The render in progress in this thread or task; None outside ``render_markup`` (no deadline then).
_current: ContextVar[RenderBudget | None] = ContextVar("ohs_render_budget", default=None)


def start_render(seconds: float | None = None) -> Token[RenderBudget | None]:
    """Start a render's clock; returns the token :func:`end_render` takes."""
    return _current.set(RenderBudget(seconds))


def end_render(token: Token[RenderBudget | None]) -> None:
    """Forget the render started with ``token``."""
    _current.reset(token)


def too_slow() -> TemplateLimitError:
    """The error of a render past its deadline."""
    return TemplateLimitError(f"документ не сделан за {RENDER_SECONDS:g} с — {_LOOP_HINT}.")


def too_long() -> TemplateLimitError:
    """The error of a render longer than :data:`MAX_OUTPUT_CHARS`."""
    return TemplateLimitError(f"документ длиннее {MAX_OUTPUT_MB} МБ — {_LOOP_HINT}.")


def check_deadline() -> None:
    """Raise :func:`too_slow` if the current render is past its deadline."""
    budget = _current.get()
    if budget is not None and monotonic() > budget.deadline:
        raise too_slow()


class _GuardedLoop:
    """A loop's iterable that checks the deadline on every item; keeps ``len`` for ``loop.length``."""

    __slots__ = ("_items", "_deadline")

    def __init__(self, items: Iterable[Any], deadline: float) -> None:
        self._items = items
        self._deadline = deadline

    def __len__(self) -> int:
        return len(self._items)  # type: ignore[arg-type]  # TypeError if unsized: LoopContext expects it

    def __iter__(self) -> Iterator[Any]:
        deadline, clock = self._deadline, monotonic  # locals: this runs once per row of a journal
        for item in self._items:
            if clock() > deadline:
                raise too_slow()
            yield item


def guard_loop(items: Any) -> Any:
    """What a ``{% for %}`` iterates: ``items`` itself outside a render, else a deadline-checked view."""
    budget = _current.get()
    if budget is None:
        return items
    return _GuardedLoop(items, budget.deadline)


def collect(chunks: Iterator[str]) -> str:
    """Join a template's streamed output, stopping once it is too long or too late.

    Chunks are taken a few thousand at a time and joined in C, so the count costs almost nothing
    on the 300,000 small chunks of a 10,000-row journal.
    """
    parts: list[str] = []
    total = 0
    while True:
        batch = list(islice(chunks, 4096))
        if not batch:
            return "".join(parts)
        text = "".join(batch)
        total += len(text)
        if total > MAX_OUTPUT_CHARS:
            chunks.close()  # type: ignore[attr-defined]
            raise too_long()
        check_deadline()
        parts.append(text)


# --- single operations -----------------------------------------------------------------------

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _wide(width: int, spec: str) -> TemplateLimitError:
    return TemplateLimitError(
        f"ширина поля {width} в форматировании «{spec[:40]}» больше {MAX_FIELD_WIDTH} знаков — уменьшите её."
    )


def check_percent_format(template: Any) -> None:
    """``'%999999999d' % 1`` and ``'%.999999999d'|format(1)``: refuse huge or ``*`` widths."""
    if not isinstance(template, str) or "%" not in template:
        return
    for match in _PERCENT_SPEC.finditer(template):
        for width in match.groups():
            if width == "*":
                raise TemplateLimitError(
                    f"ширина поля «*» в форматировании «{match.group(0)}» не поддерживается — задайте её числом."
                )
            if width and int(width) > MAX_FIELD_WIDTH:
                raise _wide(int(width), match.group(0))


def check_format_string(template: str) -> None:
    """``'{:>999999999}'.format(1)``: refuse huge widths and widths taken from arguments."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format reports the broken format itself
    for _literal, _field, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise TemplateLimitError(
                f"ширина поля из аргумента в форматировании «{spec[:40]}» не поддерживается — задайте её числом."
            )
        for digits in _DIGITS.findall(spec):
            if int(digits) > MAX_FIELD_WIDTH:
                raise _wide(int(digits), spec)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_value(value: Any) -> Any:
    """Refuse a string longer than :data:`MAX_VALUE_CHARS` (after ``+`` and ``~``); return it."""
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        raise TemplateLimitError(
            f"значение длиннее {MAX_VALUE_CHARS // 1_000_000} млн знаков — {_LOOP_HINT}."
        )
    return value


def _check_repeat(left: Any, right: Any) -> None:
    if _is_int(left) and _is_int(right):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _huge_number()
        return
    sequence, times = (left, right) if _is_int(right) else (right, left)
    if not _is_int(times) or not isinstance(sequence, (str, list, tuple)):
        return
    if isinstance(sequence, str):
        if len(sequence) * times > MAX_VALUE_CHARS:
            raise TemplateLimitError(
                f"повторение «*» даёт строку длиннее {MAX_VALUE_CHARS // 1_000_000} млн знаков — проверьте множитель."
            )
    elif len(sequence) * times > MAX_SEQUENCE_ITEMS:
        raise TemplateLimitError(
            f"повторение «*» даёт список длиннее {MAX_SEQUENCE_ITEMS} элементов — проверьте множитель."
        )


def _huge_number() -> TemplateLimitError:
    return TemplateLimitError(
        f"число в выражении длиннее {MAX_INT_BITS * 3 // 10} цифр — проверьте умножение или степень."
    )


def check_binop(op: str, left: Any, right: Any) -> None:
    """Refuse ``%``, ``*``, ``**`` that would build a value too large to compute or hold."""
    if op == "%":
        check_percent_format(left)
    elif op == "*":
        _check_repeat(left, right)
    elif op == "**" and _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
        if left.bit_length() * right > MAX_INT_BITS:
            raise _huge_number()


def _check_width(width: Any, what: str) -> None:
    if _is_int(width) and width > MAX_FIELD_WIDTH:
        raise TemplateLimitError(f"ширина {width} в {what} больше {MAX_FIELD_WIDTH} знаков — уменьшите её.")


def _check_count(count: Any, what: str) -> None:
    if _is_int(count) and count > MAX_SEQUENCE_ITEMS:
        raise TemplateLimitError(f"число {count} в {what} больше {MAX_SEQUENCE_ITEMS} — уменьшите его.")


def _check_join(separator: Any, items: Any) -> None:
    try:
        count = len(items)
    except TypeError:
        return  # an iterator: the result is checked by the deadline and the output cap
    if isinstance(separator, str) and len(separator) * count > MAX_VALUE_CHARS:
        raise TemplateLimitError(f"соединение через «join» длиннее {MAX_VALUE_CHARS // 1_000_000} млн знаков.")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        if len(text) + (text.count(old) if old else len(text) + 1) * (len(new) - len(old)) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"замена «replace» даёт строку длиннее {MAX_VALUE_CHARS // 1_000_000} млн знаков.")


_STR_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before the sandbox calls ``function``: the deadline, and str methods that pad or multiply."""
    check_deadline()
    owner = getattr(function, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(function, "__name__", "")
    if name in _STR_WIDTH_METHODS:
        for value in (*args, *kwargs.values()):
            _check_width(value, f"«{name}»")
    elif name == "join" and args:
        _check_join(owner, args[0])
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])


def _before(original: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    """``original`` with ``check(*args, **kwargs)`` first; Jinja's pass_* marker is kept by ``wraps``."""

    @wraps(original)
    def checked(*args: Any, **kwargs: Any) -> Any:
        check(*args, **kwargs)
        return original(*args, **kwargs)

    return checked


def _eval_ctx_first(check: Callable[..., None]) -> Callable[..., None]:
    return lambda _eval_ctx, *args, **kwargs: check(*args, **kwargs)


#: Built-in filters whose parameters can make a result far larger than their input.
_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "format": lambda value, *args, **kwargs: check_percent_format(value),
    "center": lambda value, width=80, *args, **kwargs: _check_width(width, "«center»"),
    "indent": lambda value, width=4, *args, **kwargs: _check_width(
        len(width) if isinstance(width, str) else width, "«indent»"),
    "batch": lambda value, linecount, *args, **kwargs: _check_count(linecount, "«batch»"),
    "slice": lambda value, slices, *args, **kwargs: _check_count(slices, "«slice»"),
    "join": _eval_ctx_first(lambda value, d="", *args, **kwargs: _check_join(d, value)),
    "replace": _eval_ctx_first(lambda s, old, new, *args, **kwargs: _check_replace(s, old, new)),
}


def checked_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """The built-in filters of :data:`_FILTER_CHECKS`, each with its check in front."""
    return {name: _before(filters[name], check) for name, check in _FILTER_CHECKS.items() if name in filters}

