"""PostgreSQL row-level security on ``org_id``: the second line of isolation on a district server.

The first line is the query scope (every service filters by the context's organization). This one makes a
forgotten filter harmless: a transaction that called :func:`enter_tenant` runs as the role ``ohs_tenant``,
and on every table with an ``org_id`` column a policy lets that role see and write only the rows of the
organization set for the transaction (``core_organization``: only its own row). The database user of ohs
itself (the owner of the tables, often a superuser) bypasses row security, so migrations, ``ohs init``, the
district's own views and the server's accounts keep working as before — the role is switched per transaction.

Decisions (see :func:`ensure_row_security`):

- Rows whose ``org_id`` is NULL belong to no organization (server-level rows: accounts, sessions, a
  district-wide audit entry). A tenant sees none of them: ``NULL = n`` is never true, so the policy is the same
  on a nullable column and nothing is shared by accident. (Every ``org_id`` of the built-in models is NOT NULL;
  shared reference data lives in the repository's data files, not in tables.)
- Nothing is granted by default privileges: a table a later migration creates is out of the tenant's reach
  (permission denied) until :func:`ensure_row_security` has covered it — failing closed, never open.
- A policy depends on its column, so PostgreSQL refuses a migration that changes ``org_id``'s type while the
  policy exists; :func:`core.storage.migrate.ensure_schema` therefore lifts the policies before an upgrade and
  sets them again after it (:func:`secure_tables`, new tables included), in the upgrade's own transaction, so no
  other transaction ever sees a table without its policy. Grants are left to the server's next start.
- A dump of a server's database carries the policies but not the role (roles belong to the cluster), so
  ``ohs restore`` creates the role first (core.storage.backup_pg).
- Re-running changes nothing that is already right (no ``ALTER`` takes a table lock on a server restart);
  a policy that differs is corrected in place with ``ALTER POLICY``, in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

#: The role a tenant transaction runs as (NOLOGIN: nobody signs in as it; the server's user switches to it).
TENANT_ROLE = "ohs_tenant"
#: The name of the policy on every organization table.
POLICY = "ohs_org_isolation"
#: The transaction setting that carries the organization's id.
SETTING = "ohs.org_id"
#: The table whose own ``id`` is the organization key.
ORGANIZATION_TABLE = "core_organization"
#: Privileges a tenant gets on an ordinary table, and on the migrations' version table (read only).
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
VERSION_TABLE_PRIVILEGES = ("SELECT",)
#: Privileges on sequences: the application inserts rows whose ids come from ``serial`` columns.
SEQUENCE_PRIVILEGES = ("USAGE", "SELECT", "UPDATE")


def condition(column: str) -> str:
    """The policy's test: the row's organization is the one set for this transaction (unset: no row)."""
    return f"{column} = nullif(current_setting('{SETTING}', true), '')::integer"


def _deparsed(column: str) -> str:
    """:func:`condition` as PostgreSQL prints it back (``pg_get_expr``), to tell a current policy from a stale one."""
    return f"({column} = (NULLIF(current_setting('{SETTING}'::text, true), ''::text))::integer)"


def ensure_row_security(bind: Engine | Connection, *, withhold: Collection[str] = ()) -> list[str]:
    """Set up the tenant role, its grants and the ``org_id`` policies on every table of the schema; idempotent.

    PostgreSQL only (returns ``[]`` elsewhere). Tables come from the live database's catalogue, so a plugin's
    table added by a later migration is covered the next time this runs. ``withhold`` names tables the tenant
    must not reach at all (the server's accounts and sessions): their privileges are revoked. Given an engine it
    commits its own transaction; given a connection it works inside the caller's. Returns the tables covered by
    the policy, sorted.
    """
    if bind.dialect.name != "postgresql":
        return []
    from sqlalchemy.engine import Engine

    if isinstance(bind, Engine):
        with bind.begin() as conn:
            return _ensure(conn, set(withhold))
    return _ensure(bind, set(withhold))


def enter_tenant(session: Session, org_id: int) -> None:
    """Make the rest of the current transaction act for organization ``org_id`` only (PostgreSQL; no-op on SQLite).

    ``SET LOCAL ROLE ohs_tenant`` and the setting ``ohs.org_id`` last until the transaction ends, so a pooled
    connection goes back clean. Call it first in the transaction (objects loaded before it were read as the
    owner) and not inside a savepoint (rolling the savepoint back would undo the switch). It guards against a
    forgotten filter, not against SQL written by an attacker: such SQL could ``RESET ROLE``.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    if isinstance(org_id, bool) or not isinstance(org_id, int):
        raise TypeError(f"org_id must be an int, not {type(org_id).__name__}")
    from sqlalchemy import text
    from sqlalchemy.exc import DataError, ProgrammingError

    try:
        session.execute(text(f"SET LOCAL ROLE {TENANT_ROLE}"))
    except (DataError, ProgrammingError) as exc:  # no such role; or the database user may not switch to it
        raise OhsError(
            f"В базе данных не настроено разделение организаций (роли {TENANT_ROLE} нет или она недоступна "
            "пользователю базы); перезапустите сервер «ohs serve» — он настроит его при запуске."
        ) from exc
    session.execute(text("SELECT set_config(:name, :value, true)"), {"name": SETTING, "value": str(org_id)})


def row_security_installed(conn: Connection) -> bool:
    """True when some table of the current schema carries the ohs policy (the database is a server's)."""
    from sqlalchemy import text

    return bool(conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.polname = :policy AND n.nspname = current_schema())"
    ), {"policy": POLICY}).scalar())


def drop_policies(conn: Connection) -> list[str]:
    """Remove the ohs policies of the current schema (before a migration that may change ``org_id``).

    Row security stays enabled, so until :func:`ensure_row_security` sets them again a tenant sees nothing.
    """
    from sqlalchemy import text

    quote = conn.dialect.identifier_preparer.quote
    tables = list(conn.execute(text(
        "SELECT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.polname = :policy AND n.nspname = current_schema() "
        "ORDER BY c.relname"
    ), {"policy": POLICY}).scalars())
    for table in tables:
        conn.execute(text(f"DROP POLICY {POLICY} ON {quote(table)}"))
    return tables


def _ensure(conn: Connection, withhold: set[str]) -> list[str]:
    from sqlalchemy import text

    from core.storage.migrate import MIGRATION_LOCK, VERSION_TABLE

    # The migrations' lock: a server starting while another process upgrades waits for the new tables,
    # and two workers starting together do not race on the same catalogue rows.
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    _ensure_role(conn)
    quote = conn.dialect.identifier_preparer.quote
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    if schema is None:
        raise OhsError("В базе данных не выбрана схема (search_path пуст); укажите её в адресе базы.")
    if not conn.execute(text("SELECT has_schema_privilege(:role, :schema, 'USAGE')"),
                        {"role": TENANT_ROLE, "schema": schema}).scalar():
        conn.execute(text(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {TENANT_ROLE}"))
    for oid, name, kind, _secured, _column in _relations(conn):
        if kind == "S":
            _grant(conn, "SEQUENCE", oid, name, SEQUENCE_PRIVILEGES)
        elif name in withhold:
            conn.execute(text(f"REVOKE ALL ON TABLE {quote(name)} FROM {TENANT_ROLE}"))
        else:
            _grant(conn, "TABLE", oid, name, VERSION_TABLE_PRIVILEGES if name == VERSION_TABLE else TABLE_PRIVILEGES)
    return secure_tables(conn)


def secure_tables(conn: Connection) -> list[str]:
    """Enable row security and set the policy on every table with ``org_id`` (no grants); the tables, sorted.

    The upgrade path calls this alone: a table a migration has just created gets its policy at once but no
    privileges, which only :func:`ensure_row_security` gives (it knows which tables to withhold).
    """
    from sqlalchemy import text

    quote = conn.dialect.identifier_preparer.quote
    covered: list[str] = []
    for oid, name, kind, secured, column in _relations(conn):
        if kind == "S" or column is None:
            continue
        if not secured:
            conn.execute(text(f"ALTER TABLE {quote(name)} ENABLE ROW LEVEL SECURITY"))
        _ensure_policy(conn, oid, name, column)
        covered.append(name)
    return covered


def _relations(conn: Connection) -> list[Any]:
    """Tables and sequences of the current schema: oid, name, kind, row security on, the organization column."""
    from sqlalchemy import text

    return list(conn.execute(text(
        "SELECT c.oid, c.relname, c.relkind, c.relrowsecurity, "
        "       CASE WHEN c.relname = :organization THEN 'id' "
        "            WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' "
        "                         AND a.attnum > 0 AND NOT a.attisdropped) THEN 'org_id' END AS org_column "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S') ORDER BY c.relname"
    ), {"organization": ORGANIZATION_TABLE}).all())


def ensure_tenant_role(conn: Connection) -> None:
    """The NOLOGIN tenant role, created once per cluster; refused if it could bypass row security.

    Also needed before ``pg_restore`` puts a server's dump (whose policies name the role) into another cluster.
    """
    from sqlalchemy import text

    row = conn.execute(text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :role"),
                       {"role": TENANT_ROLE}).first()
    if row is None:
        # Roles belong to the whole cluster: another database's server may be creating it right now.
        conn.execute(text(
            "DO $$ BEGIN CREATE ROLE " + TENANT_ROLE + " NOLOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ))
    elif row.rolsuper or row.rolbypassrls:
        raise OhsError(
            f"Роль {TENANT_ROLE} в PostgreSQL обходит защиту строк (SUPERUSER или BYPASSRLS), и организации "
            f"не были бы разделены; снимите эти права: ALTER ROLE {TENANT_ROLE} NOSUPERUSER NOBYPASSRLS."
        )


def _ensure_role(conn: Connection) -> None:
    """The tenant role, and the database user's right to switch to it."""
    from sqlalchemy import text

    ensure_tenant_role(conn)
    # A superuser may switch to any role; an ordinary owner of the tables must be a member to SET ROLE.
    if not conn.execute(text("SELECT pg_has_role(current_user, :role, 'MEMBER')"), {"role": TENANT_ROLE}).scalar():
        conn.execute(text(f"GRANT {TENANT_ROLE} TO CURRENT_USER"))


def _grant(conn: Connection, kind: str, oid: int, name: str, privileges: tuple[str, ...]) -> None:
    """Grant what the tenant lacks (nothing is written to the catalogue when it holds everything already)."""
    from sqlalchemy import text

    check = "has_sequence_privilege" if kind == "SEQUENCE" else "has_table_privilege"
    missing = [p for p in privileges if not conn.execute(
        text(f"SELECT {check}(:role, CAST(:oid AS oid), :privilege)"),
        {"role": TENANT_ROLE, "oid": oid, "privilege": p}).scalar()]
    if missing:
        quote = conn.dialect.identifier_preparer.quote
        conn.execute(text(f"GRANT {', '.join(missing)} ON {kind} {quote(name)} TO {TENANT_ROLE}"))


def _ensure_policy(conn: Connection, oid: int, name: str, column: str) -> None:
    """Create the table's policy, or correct it in place when its command, roles or condition differ."""
    from sqlalchemy import text

    quote = conn.dialect.identifier_preparer.quote
    expected = condition(column)
    found: Any = conn.execute(text(
        "SELECT p.polcmd, p.polpermissive, "
        "       ARRAY(SELECT r.rolname FROM pg_roles r WHERE r.oid = ANY (p.polroles) ORDER BY 1) AS roles, "
        "       pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS checked "
        "FROM pg_policy p WHERE p.polrelid = CAST(:oid AS oid) AND p.polname = :policy"
    ), {"oid": oid, "policy": POLICY}).first()
    create = (f"CREATE POLICY {POLICY} ON {quote(name)} AS PERMISSIVE FOR ALL TO {TENANT_ROLE} "
              f"USING ({expected}) WITH CHECK ({expected})")
    if found is None:
        conn.execute(text(create))
        return
    if found.polcmd != "*" or not found.polpermissive:
        # The command and kind cannot be altered; dropped and created in this one transaction, never seen apart.
        conn.execute(text(f"DROP POLICY {POLICY} ON {quote(name)}"))
        conn.execute(text(create))
        return
    if list(found.roles) != [TENANT_ROLE] or found.qual != _deparsed(column) or found.checked != _deparsed(column):
        conn.execute(text(f"ALTER POLICY {POLICY} ON {quote(name)} TO {TENANT_ROLE} "
                          f"USING ({expected}) WITH CHECK ({expected})"))
