"""The sandbox document templates run in: no Python internals, no mutation, and limits on time and size.

``DocumentEnvironment`` is Jinja2's ``ImmutableSandboxedEnvironment`` with three additions:

- ``{{ x }}`` compiles to ``finalize(x)`` only (our finalize escapes already);
- every ``{% for %}`` iterates through :func:`core.render.limits.guard_loop` (the render deadline) and
  every ``~`` result is length-checked;
- ``%``, ``*``, ``**``, ``+``, every call and ``str.format`` go through the checks of
  :mod:`core.render.limits` before they run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment

from core.render import limits


class _FinalizeEscapes(CodeGenerator):
    """Compile ``{{ x }}`` to ``finalize(x)`` instead of ``escape(finalize(x))``.

    Our finalize already returns escaped text, so markupsafe's ``escape`` would only wrap every
    value in a ``Markup`` object: a third of the render time of a 100,000-cell journal. Where the
    autoescape setting is dynamic Jinja's own code is kept; it is correct with our finalize too.
    """

    def _direct(self, frame, finalize) -> bool:
        return finalize.src is not None and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile

    def _output_child_pre(self, node, frame, finalize) -> None:
        if self._direct(frame, finalize):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:
        if self._direct(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


#: The filter every ``{% for %}`` iterable passes through (registered by :class:`DocumentEnvironment`).
#: A filter, because Jinja allows no custom node types and resolves filters once per template.
LOOP_GUARD = "_ohs_loop_guard"


class _GuardedCode(_FinalizeEscapes):
    """Compile every loop through :func:`core.render.limits.guard_loop` and check every ``~`` result.

    Loops are where a template spends unbounded time (a loop inside a loop over every employee)
    without necessarily producing output or calling anything, so the deadline is checked there.
    """

    def visit_Template(self, node, frame=None) -> None:
        # Before the parent collects the filters a template uses, so the guard is among them.
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP_GUARD, [], [], None, None, lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node, frame) -> None:
        # ``{% set s = s ~ s %}`` in a loop doubles a string: check each result's length.
        self.write("environment.check_value(")
        super().visit_Concat(node, frame)
        self.write(")")


class DocumentEnvironment(ImmutableSandboxedEnvironment):
    """The sandboxed environment of document templates (see the module docstring)."""

    code_generator_class = _GuardedCode
    #: Operators that can build a huge value in one step (``'%999999999d' % 1``, ``'x' * 10**9``,
    #: ``10 ** 10**9``) or double one in a loop (``+``). Intercepted operators are never folded at
    #: compile time either, so the check also covers constant expressions.
    intercepted_binops = frozenset({"%", "*", "**", "+"})
    check_value = staticmethod(limits.check_value)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters[LOOP_GUARD] = limits.guard_loop
        self.filters.update(limits.checked_filters(self.filters))  # format, center, indent, join…

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        """The sandbox's operator, after the size checks of :func:`core.render.limits.check_binop`."""
        limits.check_binop(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        return limits.check_value(result) if operator == "+" else result

    def call(self, context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes: the deadline, str methods that pad or multiply, then the sandbox."""
        limits.check_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{:>999999999}'.format``: the format string is checked when the method is looked up."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            limits.check_format_string(value.__self__)
        return wrapped
