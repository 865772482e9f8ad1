"""Records that the database itself keeps from being rewritten.

The portal promises an append-only audit log, submitted application versions (and their files)
that never change, substantive cards that stay as submitted (until the chair returns one, which
the audit log must record first) and result lists that stay as published. The models refuse
such changes in Python; the triggers made here refuse them in the database too, so that a
queryset `update()`, `_raw_delete()`, an upsert or a raw SQL statement of the application fails
the same way, on PostgreSQL and on SQLite (`restrict_violation`; Django's IntegrityError).

The one way past them from the application is `retention_pass()`, for the retention and
anonymisation of personal data (and for emptying a test database): inside it, in that
transaction only, the triggers let a change through. On PostgreSQL it sets the transaction-local
setting `k3d.retention_pass`; on SQLite the triggers call the function `k3d_retention_pass()`,
which only the portal's own connections define (`register_sqlite_function`, which also switches
on recursive triggers, so that `INSERT OR REPLACE` meets the delete guards), so a write to a
guarded table from any other SQLite client fails.

What they do not stop: someone who owns the tables (on PostgreSQL the role that runs the
migrations, which may `ALTER TABLE ... DISABLE TRIGGER` or set the pass by hand; on SQLite anyone
who can write the file). Where that matters, run the portal with a role that does not own the
tables (README, "Records the database keeps").

Each guard is a table, the message, and per operation the condition under which the operation
is refused ("" for always), written once for both vendors (`changed()` and `IS DISTINCT FROM`
read the same on both). Migrations install them with `install`, replace an earlier set with
`refresh` and remove them with `uninstall`; `installed_triggers` lists what is in a database, for
the tests that keep the guards and the migrations in step.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, transaction

SETTING = "k3d.retention_pass"
SQLITE_FUNCTION = "k3d_retention_pass"
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
_state = threading.local()


@dataclass(frozen=True)
class Guard:
    """Refuse each operation of `conditions` ({"UPDATE": sql, ...}) on `table` when its SQL
    condition over OLD and NEW holds ("" means always). On PostgreSQL every condition is checked
    inside the trigger function (a WHEN clause may not hold a subquery); there TRUNCATE of the
    table is refused too."""

    name: str
    table: str
    message: str
    conditions: dict = field(default_factory=dict)

    def trigger_names(self, vendor):
        names = [f"k3d_guard_{self.name}_{op.lower()}" for op in self.conditions]
        if vendor == "postgresql":
            names.append(f"k3d_guard_{self.name}_truncate")
        return names


def changed(columns, *, but=()):
    """SQL: some column of `columns` other than `but` differs between OLD and NEW."""
    kept = [c for c in columns if c not in but]
    return "(" + " OR ".join(f'NEW."{c}" IS DISTINCT FROM OLD."{c}"' for c in kept) + ")"


def _for_operation(condition, operation):
    # OLD is not there on INSERT, nor NEW on DELETE: a condition names what the row has.
    if operation == "INSERT":
        return condition.replace("OLD.", "NEW.")
    if operation == "DELETE":
        return condition.replace("NEW.", "OLD.")
    return condition


def _postgresql_sql(guard, schema):
    message = guard.message.replace("'", "''")
    passed = f"coalesce(current_setting('{SETTING}', true), '') = 'on'"
    statements = []
    for operation, condition in guard.conditions.items():
        name = f"k3d_guard_{guard.name}_{operation.lower()}"
        condition = _for_operation(condition, operation) or "TRUE"
        returned = "OLD" if operation == "DELETE" else "NEW"
        # The search path is fixed: a temporary table of the same name as a table the condition
        # reads must not stand in for it.
        statements.append(
            f"""CREATE OR REPLACE FUNCTION "{schema}".{name}() RETURNS trigger
LANGUAGE plpgsql SET search_path = "{schema}", pg_temp AS $guard$
BEGIN
    IF NOT {passed} AND ({condition}) THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{message}';
    END IF;
    RETURN {returned};
END
$guard$;"""
        )
        statements.append(
            f'CREATE TRIGGER {name} BEFORE {operation} ON "{schema}"."{guard.table}" '
            f'FOR EACH ROW EXECUTE FUNCTION "{schema}".{name}();'
        )
    # TRUNCATE fires no row trigger: a statement trigger refuses it.
    name = f"k3d_guard_{guard.name}_truncate"
    statements.append(
        f"""CREATE OR REPLACE FUNCTION "{schema}".{name}() RETURNS trigger
LANGUAGE plpgsql SET search_path = "{schema}", pg_temp AS $guard$
BEGIN
    IF NOT {passed} THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{message}';
    END IF;
    RETURN NULL;
END
$guard$;"""
    )
    statements.append(
        f'CREATE TRIGGER {name} BEFORE TRUNCATE ON "{schema}"."{guard.table}" '
        f'FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".{name}();'
    )
    return statements


def _postgresql_drop(guard, schema):
    statements = []
    for name in guard.trigger_names("postgresql"):
        statements.append(f'DROP TRIGGER IF EXISTS {name} ON "{schema}"."{guard.table}";')
        statements.append(f'DROP FUNCTION IF EXISTS "{schema}".{name}();')
    return statements


def _sqlite_sql(guard):
    message = guard.message.replace("'", "''")
    statements = []
    for operation, condition in guard.conditions.items():
        condition = _for_operation(condition, operation).replace(" IS DISTINCT FROM ", " IS NOT ")
        when = f"({condition}) AND " if condition else ""
        statements.append(
            f"CREATE TRIGGER k3d_guard_{guard.name}_{operation.lower()} BEFORE {operation} "
            f'ON "{guard.table}" FOR EACH ROW WHEN {when}NOT {SQLITE_FUNCTION}() '
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
        )
    return statements


def _sqlite_drop(guard):
    return [f"DROP TRIGGER IF EXISTS {name};" for name in guard.trigger_names("sqlite")]


def _schema(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return cursor.fetchone()[0]


def install(guards):
    """A migration operation's function: create the guards' triggers on this database."""

    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            schema = _schema(connection)
            statements = [s for guard in guards for s in _postgresql_sql(guard, schema)]
        elif connection.vendor == "sqlite":
            statements = [s for guard in guards for s in _sqlite_sql(guard)]
        else:  # pragma: no cover - the portal runs on PostgreSQL and SQLite only
            raise NotImplementedError(f"no record guards for {connection.vendor}")
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return forwards


def uninstall(guards):
    def backwards(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            schema = _schema(connection)
            statements = [s for guard in guards for s in _postgresql_drop(guard, schema)]
        else:
            statements = [s for guard in guards for s in _sqlite_drop(guard)]
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return backwards


def _drop_installed(connection, tables):
    """Statements dropping every guard trigger (and, on PostgreSQL, its function) on `tables`,
    whatever its name: what an earlier version of the guards left."""
    statements = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT n.nspname, c.relname, t.tgname, p.proname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'k3d_guard_%%' AND c.relname = ANY(%s)",
                [list(tables)],
            )
            for schema, table, trigger, function in cursor.fetchall():
                statements.append(f'DROP TRIGGER IF EXISTS {trigger} ON "{schema}"."{table}";')
                statements.append(f'DROP FUNCTION IF EXISTS "{schema}".{function}();')
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                f"AND name LIKE 'k3d_guard_%%' AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
                list(tables),
            )
            statements += [f"DROP TRIGGER IF EXISTS {name};" for (name,) in cursor.fetchall()]
    return statements


def refresh(guards):
    """A migration operation's function: replace whatever guard triggers the guards' tables have
    with these guards (for a database that ran an earlier version of them)."""
    install_guards = install(guards)

    def forwards(apps, schema_editor):
        tables = sorted({guard.table for guard in guards})
        for statement in _drop_installed(schema_editor.connection, tables):
            schema_editor.execute(statement, params=None)
        install_guards(apps, schema_editor)

    return forwards


def installed_triggers(connection):
    """{table: {trigger names}} of the guards' triggers in this database."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE 'k3d_guard_%%' AND t.tgenabled <> 'D'"
        )
    else:
        sql = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'k3d_guard_%%'"
    triggers = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for table, name in cursor.fetchall():
            triggers.setdefault(table, set()).add(name)
    return triggers


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
                _set_pass(connection, True)
            yield
            # On success the setting goes back at once; on an error the rollback of this
            # block's savepoint or transaction takes it back (a statement now would only fail).
            if connection.vendor == "postgresql":
                _set_pass(connection, previous)
        finally:
            _state.active = previous


def _set_pass(connection, on):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, "on" if on else "off"])


def _sqlite_pass_active():
    return 1 if getattr(_state, "active", False) else 0


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created: give each SQLite connection of the portal the function the triggers
    ask whether a retention pass is active (in this thread), and recursive triggers, without
    which the row that `INSERT OR REPLACE` removes would pass no delete guard."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, _sqlite_pass_active)
        connection.connection.execute("PRAGMA recursive_triggers = ON")
