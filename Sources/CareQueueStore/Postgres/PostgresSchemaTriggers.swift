extension PostgresSchema {
    // SQLite's triggers under the same names, with the same WHEN conditions and effects, as PL/pgSQL
    // trigger functions (FOR EACH ROW: SQLite's triggers are all row triggers). A refusal raises
    // SQLite's message with SQLSTATE 23000 (integrity_constraint_violation), the class SQLite's
    // RAISE(ABORT) reports as SQLITE_CONSTRAINT.

    /// The functions the triggers run.
    static let triggerFunctions = """
        -- Refuses the row (or the statement) with the message the trigger names.
        CREATE FUNCTION carequeue_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$;

        -- Writers of any process bump these, so a long-running writer knows when to re-read its cache.
        CREATE FUNCTION carequeue_bump_roster_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE roster_version SET value = value + 1;
            RETURN NULL;
        END;
        $$;
        CREATE FUNCTION carequeue_bump_orders_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE orders_version SET value = value + 1;
            RETURN NULL;
        END;
        $$;

        -- Every write to a task, with the columns the open-task counts and the sweep depend on before
        -- and after it. At least the latest 4,096 are kept: when the row just logged has a multiple of
        -- 512 for its seq, the rows 4,096 and more behind it go (SQLite reads that seq as max(seq):
        -- with one writer they are the same row; with several, the row's own seq is the one it wrote).
        CREATE FUNCTION carequeue_log_task_change() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            logged BIGINT;
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO task_changes (task_id, new_status, new_assigned_npi, new_urgency, new_due_at,
                        new_escalation_level)
                    VALUES (NEW.id, NEW.status, NEW.assigned_npi, NEW.urgency, NEW.due_at, NEW.escalation_level)
                    RETURNING seq INTO logged;
            ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO task_changes (task_id, old_status, old_assigned_npi, old_urgency, old_due_at,
                        old_escalation_level, new_status, new_assigned_npi, new_urgency, new_due_at, new_escalation_level)
                    VALUES (NEW.id, OLD.status, OLD.assigned_npi, OLD.urgency, OLD.due_at, OLD.escalation_level,
                        NEW.status, NEW.assigned_npi, NEW.urgency, NEW.due_at, NEW.escalation_level)
                    RETURNING seq INTO logged;
            ELSE
                INSERT INTO task_changes (task_id, old_status, old_assigned_npi, old_urgency, old_due_at,
                        old_escalation_level)
                    VALUES (OLD.id, OLD.status, OLD.assigned_npi, OLD.urgency, OLD.due_at, OLD.escalation_level)
                    RETURNING seq INTO logged;
            END IF;
            IF logged % 512 = 0 THEN
                DELETE FROM task_changes WHERE seq <= logged - 4096;
            END IF;
            RETURN NULL;
        END;
        $$;

        -- Keeps each task in the search table its status says (open, or closed) with its current text.
        -- The triggers' WHEN clauses say when; this does the move.
        CREATE FUNCTION carequeue_index_task_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                IF OLD.status <> 'closed' THEN
                    DELETE FROM task_search WHERE task_id = OLD.id;
                ELSE
                    DELETE FROM task_search_closed WHERE task_id = OLD.id;
                END IF;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                IF NEW.status <> 'closed' THEN
                    INSERT INTO task_search (task_id, document) VALUES (NEW.id, NEW.search_folded);
                ELSE
                    INSERT INTO task_search_closed (task_id, document) VALUES (NEW.id, NEW.search_folded);
                END IF;
            END IF;
            RETURN NULL;
        END;
        $$;

        """

    /// The audit trail's guards. SQLite's `AuditPrune` lifts `audit_no_delete` by dropping and
    /// re-creating it inside its write transaction; here the trigger stands aside while the
    /// transaction-local setting `carequeue.audit_prune` is `on`:
    ///
    ///     BEGIN;
    ///     SET LOCAL carequeue.audit_prune = 'on';   -- or SELECT set_config('carequeue.audit_prune', 'on', true)
    ///     DELETE FROM audit WHERE seq < $1;
    ///     COMMIT;                                    -- the setting ends with the transaction
    ///
    /// Like SQLite's DROP TRIGGER, this keeps honest code honest, not a hostile database user out
    /// (who could drop the trigger too): the audit's real guard against tampering is the hash chain
    /// and the anchor. UPDATE stays refused even then. TRUNCATE skips row triggers, so it is refused
    /// by statement triggers of its own (SQLite has no TRUNCATE).
    static let auditTriggers = """
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            FOR EACH ROW EXECUTE FUNCTION carequeue_refuse('audit rows are append-only');
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            FOR EACH ROW WHEN (current_setting('carequeue.audit_prune', true) IS DISTINCT FROM 'on')
            EXECUTE FUNCTION carequeue_refuse('audit rows are append-only');
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION carequeue_refuse('audit rows are append-only');
        CREATE TRIGGER audit_must_chain BEFORE INSERT ON audit
            FOR EACH ROW WHEN (NEW.prev_hash IS NULL OR NEW.hash IS NULL)
            EXECUTE FUNCTION carequeue_refuse('audit rows must be hash-chained');
        CREATE TRIGGER audit_must_name_account BEFORE INSERT ON audit
            FOR EACH ROW WHEN (NEW.os_user IS NULL)
            EXECUTE FUNCTION carequeue_refuse('audit rows must name the operating-system account');
        CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
            FOR EACH ROW EXECUTE FUNCTION carequeue_refuse('the audit chain record is fixed');
        CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
            FOR EACH ROW EXECUTE FUNCTION carequeue_refuse('the audit chain record is fixed');
        CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
            FOR EACH STATEMENT EXECUTE FUNCTION carequeue_refuse('the audit chain record is fixed');

        """

    /// Everything else: the accepted-message rule, the version counters, the task log and search.
    static let dataTriggers = """
        -- A blank control id cannot tell two messages apart: such a message is never accepted.
        CREATE TRIGGER messages_accepted_need_control_id BEFORE INSERT ON messages
            FOR EACH ROW WHEN (NEW.ack_code IN ('AA', 'CA') AND trim(NEW.control_id) = '')
            EXECUTE FUNCTION carequeue_refuse('an accepted message needs a non-blank control id');

        CREATE TRIGGER providers_insert_bumps AFTER INSERT ON providers
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_roster_version();
        CREATE TRIGGER providers_update_bumps AFTER UPDATE ON providers
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_roster_version();
        CREATE TRIGGER providers_delete_bumps AFTER DELETE ON providers
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_roster_version();
        CREATE TRIGGER coverage_insert_bumps AFTER INSERT ON coverage
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_roster_version();
        CREATE TRIGGER coverage_update_bumps AFTER UPDATE ON coverage
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_roster_version();
        CREATE TRIGGER coverage_delete_bumps AFTER DELETE ON coverage
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_roster_version();
        CREATE TRIGGER orders_insert_bumps AFTER INSERT ON orders
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_orders_version();
        CREATE TRIGGER orders_update_bumps AFTER UPDATE OF state, ordering_npi, kind, expected_by, ordered_at ON orders
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_orders_version();
        CREATE TRIGGER orders_delete_bumps AFTER DELETE ON orders
            FOR EACH ROW EXECUTE FUNCTION carequeue_bump_orders_version();

        CREATE TRIGGER tasks_insert_logs AFTER INSERT ON tasks
            FOR EACH ROW EXECUTE FUNCTION carequeue_log_task_change();
        CREATE TRIGGER tasks_update_logs AFTER UPDATE ON tasks
            FOR EACH ROW EXECUTE FUNCTION carequeue_log_task_change();
        CREATE TRIGGER tasks_delete_logs AFTER DELETE ON tasks
            FOR EACH ROW EXECUTE FUNCTION carequeue_log_task_change();

        CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks
            FOR EACH ROW WHEN (NEW.status <> 'closed') EXECUTE FUNCTION carequeue_index_task_search();
        CREATE TRIGGER tasks_search_closed_insert AFTER INSERT ON tasks
            FOR EACH ROW WHEN (NEW.status = 'closed') EXECUTE FUNCTION carequeue_index_task_search();
        CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks
            FOR EACH ROW WHEN (OLD.status <> 'closed') EXECUTE FUNCTION carequeue_index_task_search();
        CREATE TRIGGER tasks_search_closed_delete AFTER DELETE ON tasks
            FOR EACH ROW WHEN (OLD.status = 'closed') EXECUTE FUNCTION carequeue_index_task_search();
        CREATE TRIGGER tasks_search_update AFTER UPDATE OF status, search_folded ON tasks
            FOR EACH ROW WHEN ((OLD.status = 'closed') <> (NEW.status = 'closed') OR OLD.search_folded <> NEW.search_folded)
            EXECUTE FUNCTION carequeue_index_task_search();

        """
}
