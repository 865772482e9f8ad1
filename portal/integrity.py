"""Records that the database itself keeps from being rewritten.

The portal promises an append-only audit log, submitted application versions that never change,
substantive cards that stay as submitted (until the chair returns one) and result lists that
stay as published. The models refuse such changes in Python; the triggers made here refuse them
in the database too, so that a queryset `update()`, `_raw_delete()` or a raw SQL statement
fails the same way, on PostgreSQL and on SQLite (`restrict_violation`, Django's IntegrityError).

The one way past them is `retention_pass()`, for the retention and anonymisation of personal
data (and for emptying a test database): inside it, in that transaction only, the triggers let
a change through. On PostgreSQL it sets the transaction-local setting `k3d.retention_pass`; on
SQLite the triggers call the function `k3d_retention_pass()`, which only the portal's own
connections have (`register_sqlite_function`), so a statement from any other SQLite client on a
guarded table fails.

Each guard is a table, the operations it refuses and the condition under which it refuses them,
written once per database vendor; migrations install them with `install` and remove them with
`uninstall`.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, transaction

SETTING = "k3d.retention_pass"
SQLITE_FUNCTION = "k3d_retention_pass"
_state = threading.local()


@dataclass(frozen=True)
class Guard:
    """Refuse `operations` on `table` when `condition` holds for the row.

    `condition` is an SQL expression over OLD and NEW (each vendor's), or "" for always;
    `postgresql_condition` replaces it on PostgreSQL where the two dialects differ. On
    PostgreSQL a condition with a subquery cannot be a trigger's WHEN clause, so every condition
    is checked inside the trigger function."""

    name: str
    table: str
    operations: tuple[str, ...]
    message: str
    condition: str = ""
    postgresql_condition: str | None = None

    def condition_for(self, vendor):
        if vendor == "postgresql" and self.postgresql_condition is not None:
            return self.postgresql_condition
        return self.condition


def changed(columns, *, but=()):
    """SQL (both vendors): some column of `columns` other than `but` differs between OLD and NEW."""
    kept = [c for c in columns if c not in but]
    return "(" + " OR ".join(f'NEW."{c}" IS DISTINCT FROM OLD."{c}"' for c in kept) + ")"


def _sqlite(sql):
    # SQLite spells the null-safe comparison IS NOT.
    return sql.replace(" IS DISTINCT FROM ", " IS NOT ")


def _postgresql_sql(guard):
    function = f"k3d_guard_{guard.name}"
    condition = guard.condition_for("postgresql") or "TRUE"
    message = guard.message.replace("'", "''")
    body = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $guard$
BEGIN
    IF coalesce(current_setting('{SETTING}', true), '') <> 'on' AND ({condition}) THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{message}';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$guard$;
"""
    # OLD is not there on INSERT and NEW not on DELETE: one trigger per operation, each with a
    # function body that only names what it has.
    statements = []
    for operation in guard.operations:
        op_function = f"{function}_{operation.lower()}"
        op_body = body.replace(function + "()", op_function + "()")
        if operation == "INSERT":
            op_body = op_body.replace("OLD.", "NEW.")
        elif operation == "DELETE":
            op_body = op_body.replace("NEW.", "OLD.")
        statements.append(op_body)
        statements.append(
            f'CREATE TRIGGER {function}_{operation.lower()} BEFORE {operation} ON "{guard.table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {op_function}();"
        )
    return statements


def _postgresql_drop(guard):
    function = f"k3d_guard_{guard.name}"
    statements = []
    for operation in guard.operations:
        name = f"{function}_{operation.lower()}"
        statements.append(f'DROP TRIGGER IF EXISTS {name} ON "{guard.table}";')
        statements.append(f"DROP FUNCTION IF EXISTS {name}();")
    return statements


def _sqlite_sql(guard):
    statements = []
    message = guard.message.replace("'", "''")
    for operation in guard.operations:
        condition = guard.condition_for("sqlite")
        if operation == "INSERT":
            condition = condition.replace("OLD.", "NEW.")
        elif operation == "DELETE":
            condition = condition.replace("NEW.", "OLD.")
        when = f"({_sqlite(condition)}) AND " if condition else ""
        statements.append(
            f'CREATE TRIGGER k3d_guard_{guard.name}_{operation.lower()} BEFORE {operation} ON "{guard.table}" '
            f"FOR EACH ROW WHEN {when}NOT {SQLITE_FUNCTION}() "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
        )
    return statements


def _sqlite_drop(guard):
    return [
        f"DROP TRIGGER IF EXISTS k3d_guard_{guard.name}_{operation.lower()};"
        for operation in guard.operations
    ]


def install(guards):
    """A migration operation's function: create the guards' triggers on this database."""

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for guard in guards:
            if vendor == "postgresql":
                statements = _postgresql_sql(guard)
            elif vendor == "sqlite":
                statements = _sqlite_sql(guard)
            else:  # pragma: no cover - the portal runs on PostgreSQL and SQLite only
                raise NotImplementedError(f"no record guards for {vendor}")
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return forwards


def uninstall(guards):
    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for guard in guards:
            drop = _postgresql_drop if vendor == "postgresql" else _sqlite_drop
            for statement in drop(guard):
                schema_editor.execute(statement, params=None)

    return backwards


@contextmanager
def retention_pass(using="default"):
    """Let the record guards pass changes inside this block, in its own transaction (or savepoint)
    only: for the retention and anonymisation of personal data, which must be able to remove
    what a guarded record holds, and for emptying a test database. Every use is a decision of the
    code that calls it; nothing in a request reaches it."""
    connection = connections[using]
    with transaction.atomic(using=using):
        previous = getattr(_state, "active", False)
        _state.active = True
        try:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
            yield
        finally:
            _state.active = previous
            if connection.vendor == "postgresql" and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config(%s, %s, true)", [SETTING, "on" if previous else "off"]
                    )


def _sqlite_pass_active():
    return 1 if getattr(_state, "active", False) else 0


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created: give each SQLite connection of the portal the function the triggers
    ask whether a retention pass is active (in this thread)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, _sqlite_pass_active)
