/// The PostgreSQL store's schema: one baseline script equivalent to every SQLite migration so far.
///
/// The tables, columns (names, order, meaning), constraints, indexes and triggers are SQLite's after
/// `v21-retention`, so the store's ordinary SQL runs on both (with `?` placeholders numbered `$n`).
/// `PostgresSchemaParityTests` holds the two together: a SQLite migration that adds a table, a
/// column, an index or a trigger fails it until the PostgreSQL side has the same.
///
/// The baseline records every SQLite migration identifier in `carequeue_migrations`, in the same
/// transaction as the DDL, so `status` compares schema versions across stores by identifier. A later
/// migration is written for both stores: SQLite's under `Schema`, PostgreSQL's as its own script that
/// appends its identifier here.
///
/// Patient search (`task_search`, `task_search_closed`): SQLite's FTS5 trigram tables become plain
/// tables of (`task_id`, `document`) with a pg_trgm GIN index on `document`. pg_trgm is a trusted
/// extension: the database's owner may create it without being a superuser (checked on Debian's
/// PostgreSQL 15); a role that does not own the database needs a DBA to run
/// `CREATE EXTENSION pg_trgm` once first. A needle of three characters or more (SQLite's MATCH of a
/// quoted phrase) is
///
///     SELECT task_id FROM task_search WHERE document LIKE '%' || $1 || '%' LIMIT $2
///
/// with `\`, `%` and `_` in the needle escaped by a backslash: the index yields the rows holding its
/// trigrams and PostgreSQL rechecks each, so the answer is exact substring match, case-sensitive like
/// the `case_sensitive 1` tokenizer (document and needle are both folded). Shorter needles read
/// `tasks` in order as on SQLite, with `strpos(search_folded, $1) > 0` for `instr(…) > 0`.
enum PostgresSchema {
    /// Every SQLite migration the baseline stands for, in the order SQLite applies them.
    static let baselineIdentifiers = [
        "v1-initial", "v2-lifecycle", "v3-audit-chain", "v4-message-identity", "v5-identity", "v6-find-folded",
        "v7-derivation", "v8-coordinators", "v8-claims-undo", "v9-callbacks", "v9-find-tests",
        "v10-report-received", "v11-signoff", "v12-outbox", "v13-heartbeat-stopped", "v14-orders",
        "v15-missing-results", "v17-awaiting", "v18-review-work", "v19-roster-active", "v20-review-clock",
        "v21-retention",
    ]

    /// The whole schema, to run in one transaction on an empty database.
    static let baseline = extensions + rosterTables + intakeTables + workTables + auditTables + changeTables
        + indexes + triggerFunctions + auditTriggers + dataTriggers + ledger

    static let extensions = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;

        """

    /// The migrations applied, as `grdb_migrations` lists them on SQLite, with when (StoreTime's shape).
    static let ledger = """
        CREATE TABLE carequeue_migrations (
            identifier TEXT PRIMARY KEY,
            applied_at TEXT NOT NULL
        );
        INSERT INTO carequeue_migrations (identifier, applied_at)
            SELECT identifier, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM (VALUES \(baselineIdentifiers.map { "('\($0)')" }.joined(separator: ", "))) AS baseline (identifier);

        """
}
