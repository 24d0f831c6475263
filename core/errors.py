"""Errors a user can act on. Their text is shown as is, in Russian, without a traceback."""

from __future__ import annotations


class OhsError(Exception):
    """Bad input or a state the user must fix; the CLI prints the message and exits with 1.

    A refusal that tells how to fix it in command-line terms («укажите --reason») may carry the same
    refusal for a form: ``form`` is that sentence without options or commands (the web shows it, the CLI
    never does), and ``concerns`` the service's name of the value refused (``"reason"``), which a web
    route maps onto its form's field.
    """

    exit_code = 1
    #: The refusal worded for a form (None: ``message`` reads right on a form too).
    form: str | None = None
    #: The service's parameter the refusal is about, for a form to mark its field.
    concerns: str | None = None

    def __init__(self, message: str, details: list[str] | None = None, *, form: str | None = None,
                 concerns: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        if form is not None:
            self.form = form
        if concerns is not None:
            self.concerns = concerns


class NotFoundError(OhsError):
    """A record named on the command line does not exist."""


class WorkspaceError(OhsError):
    """The workspace is missing, already exists, or its settings are unreadable."""


class SchemaError(OhsError):
    """The database was written by a newer ohs-toolkit or cannot be migrated."""


#: Disk and permission failures a user fixes outside ohs: errno name → (the sentence, the bare cause).
#: ``{where}`` is the path. EPERM is here too: an immutable folder or a mount without write answers with it.
_OS_SENTENCES = {
    "EROFS": ("Не удалось записать {where}: файловая система доступна только для чтения; выберите другую папку.",
              "файловая система доступна только для чтения"),
    "EACCES": ("Нет доступа к {where}: недостаточно прав; дайте права на эту папку или выберите другую.",
               "недостаточно прав"),
    "EPERM": ("Нет доступа к {where}: система запретила операцию; выберите другую папку.",
              "система запретила операцию"),
    "ENOSPC": ("Не удалось записать {where}: на диске нет места; освободите место и повторите команду.",
               "на диске нет места"),
    "EDQUOT": ("Не удалось записать {where}: исчерпана дисковая квота; освободите место и повторите команду.",
               "исчерпана дисковая квота"),
}


def os_error(exc: BaseException) -> OhsError | None:
    """One Russian sentence for a read-only, forbidden or full disk anywhere in ``exc``'s chain, else None.

    The path comes from the ``OSError``; when it has none (a ``write`` on a full disk names no file)
    and ``exc`` is an ``OhsError`` that already names the file, its text is kept with the cause in Russian.
    """
    import errno as errno_module

    known = {getattr(errno_module, name): texts for name, texts in _OS_SENTENCES.items()
             if hasattr(errno_module, name)}
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in known:
            sentence, cause = known[current.errno]
            path = current.filename or current.filename2
            if path:
                return OhsError(sentence.format(where=f"«{_target_of(str(path))}»"))
            if isinstance(exc, OhsError):
                # The toolkit's own sentence already names the file (core.io.atomic.write_failed): keep it,
                # with the cause in Russian if it still carries the system's English text.
                if current.strerror and current.strerror in exc.message:
                    return OhsError(exc.message.replace(current.strerror, cause), exc.details)
                return exc
            return OhsError(sentence.format(where="файл"))
        current = current.__cause__ or current.__context__
    return None


def _target_of(path: str) -> str:
    """The file the user named, for a temporary file of an atomic write beside it.

    Why: writers put their output in a temporary file next to the target (core.io.atomic, which owns the
    naming) and rename it when complete, so the failing call names a file the user never asked for.
    """
    from pathlib import PurePath

    from core.io.atomic import target_name_of

    import re

    pure = PurePath(path)
    name = target_name_of(pure.name)
    if name is None:  # a writer of its own (the template copy, third-party plugins): «.NAME[.PID].tmp»
        legacy = re.fullmatch(r"\.(.+?)(?:\.\d+)?\.tmp", pure.name)
        name = legacy.group(1) if legacy else None
    return str(pure.with_name(name)) if name else path
