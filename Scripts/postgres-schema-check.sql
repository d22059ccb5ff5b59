-- Exercises every constraint and trigger of PostgresSchema.baseline that carries a rule: run it with
-- psql on a fresh database that holds the baseline (it leaves its rows behind):
--
--   psql "$URL" -X -v ON_ERROR_STOP=1 -f Scripts/postgres-schema-check.sql
--
-- Each check prints "ok: …"; the first expectation that fails raises an exception, psql stops and
-- exits non-zero. PostgresSchemaBaselineTests runs it against the test cluster.
\set ON_ERROR_STOP on
\set QUIET on
\pset tuples_only on
\pset format unaligned
SET client_min_messages = warning;

-- Passes when ok is true; fails the script otherwise.
CREATE FUNCTION pg_temp.expect(label text, ok boolean) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'postgres-schema-check FAILED: %', label;
    END IF;
    RETURN 'ok: ' || label;
END;
$$;

-- Passes when the statement is refused with an error whose message contains `reason`; its effects
-- are undone either way (the exception block is a subtransaction).
CREATE FUNCTION pg_temp.expect_refused(label text, statement text, reason text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE statement;
    EXCEPTION WHEN OTHERS THEN
        IF strpos(SQLERRM, reason) = 0 THEN
            RAISE EXCEPTION 'postgres-schema-check FAILED: % was refused, but for another reason: % (SQLSTATE %)',
                label, SQLERRM, SQLSTATE;
        END IF;
        RETURN 'ok: ' || label || ' (refused: ' || SQLERRM || ')';
    END;
    RAISE EXCEPTION 'postgres-schema-check FAILED: % was allowed', label;
END;
$$;

-- Rows the checks share.
CREATE FUNCTION pg_temp.roster_version() RETURNS bigint LANGUAGE sql AS $$ SELECT value FROM roster_version $$;
CREATE FUNCTION pg_temp.orders_version() RETURNS bigint LANGUAGE sql AS $$ SELECT value FROM orders_version $$;
CREATE FUNCTION pg_temp.last_change() RETURNS task_changes LANGUAGE sql AS $$
    SELECT * FROM task_changes ORDER BY seq DESC LIMIT 1 $$;
CREATE FUNCTION pg_temp.explain_search() RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE $q$EXPLAIN SELECT task_id FROM task_search WHERE document LIKE '%oe, jan%'$q$;
END;
$$;

-- The ledger and the extension ---------------------------------------------------------------------
SELECT pg_temp.expect('the ledger holds the 22 SQLite migrations, v1-initial to v21-retention',
    (SELECT count(*) = 22 AND bool_or(identifier = 'v1-initial') AND bool_or(identifier = 'v21-retention')
     FROM carequeue_migrations));
SELECT pg_temp.expect('applied_at is StoreTime text',
    (SELECT bool_and(applied_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$') FROM carequeue_migrations));
SELECT pg_temp.expect('pg_trgm is installed', EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'));

-- Providers, coverage and the roster version --------------------------------------------------------
SELECT pg_temp.expect_refused('an NPI of nine digits',
    $q$INSERT INTO providers (npi, name, role) VALUES ('123456789', 'Dr Short', 'physician')$q$, 'check constraint');
SELECT pg_temp.expect_refused('an unknown role',
    $q$INSERT INTO providers (npi, name, role) VALUES ('1234567890', 'Dr X', 'surgeon')$q$, 'check constraint');
SELECT pg_temp.roster_version() AS before \gset roster_
INSERT INTO providers (npi, name, role) VALUES ('1234567893', 'Dr A', 'physician'), ('2222222222', 'Dr B', 'physician'),
    ('9999999999', 'Dr Gone', 'np');
SELECT pg_temp.expect('a provider insert bumps roster_version once a row', pg_temp.roster_version() = :roster_before + 3);
SELECT pg_temp.expect('providers.active defaults to 1 and coordinators to empty',
    (SELECT active = 1 AND coordinators = '' FROM providers WHERE npi = '1234567893'));
UPDATE providers SET login = 'gone' WHERE npi = '9999999999';
SELECT pg_temp.expect('a provider update bumps roster_version', pg_temp.roster_version() = :roster_before + 4);
SELECT pg_temp.expect_refused('a login taken by another provider',
    $q$UPDATE providers SET login = 'gone' WHERE npi = '2222222222'$q$, 'providers_login');
DELETE FROM providers WHERE npi = '9999999999';
SELECT pg_temp.expect('a provider delete bumps roster_version', pg_temp.roster_version() = :roster_before + 5);
INSERT INTO coverage (provider_npi, covering_npi, starts_at, ends_at)
    VALUES ('1234567893', '2222222222', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z');
UPDATE coverage SET start_applied = 1;
DELETE FROM coverage;
SELECT pg_temp.expect('coverage insert, update and delete bump roster_version', pg_temp.roster_version() = :roster_before + 8);
SELECT pg_temp.expect_refused('coverage that ends before it starts',
    $q$INSERT INTO coverage (provider_npi, covering_npi, starts_at, ends_at)
       VALUES ('1234567893', '2222222222', '2026-02-02T00:00:00Z', '2026-02-01T00:00:00Z')$q$, 'check constraint');
SELECT pg_temp.expect_refused('coverage by an unknown provider',
    $q$INSERT INTO coverage (provider_npi, covering_npi, starts_at, ends_at)
       VALUES ('1234567893', '3333333333', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z')$q$, 'foreign key');
SELECT pg_temp.expect_refused('a second roster_version row',
    $q$INSERT INTO roster_version (id, value) VALUES (2, 0)$q$, 'check constraint');

-- Messages -------------------------------------------------------------------------------------------
INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw, ack_code)
    VALUES ('2026-01-01T12:00:00Z', '127.0.0.1:1', 'LAB', 'MAIN', 'C1', '2.5.1', '\x4d5348'::bytea, 'AA');
SELECT pg_temp.expect('a message id is generated', (SELECT max(id) = 1 FROM messages));
SELECT pg_temp.expect_refused('the same accepted message identity again (two listeners, one resend)',
    $q$INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, raw, ack_code)
       VALUES ('2026-01-01T12:00:01Z', '127.0.0.2:1', 'LAB', 'MAIN', 'C1', '\x00'::bytea, 'CA')$q$,
    'messages_accepted_identity');
INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, raw, ack_code, error_code, reason)
    VALUES ('2026-01-01T12:00:02Z', '127.0.0.1:1', 'LAB', 'MAIN', 'C1', '\x00'::bytea, 'AE', 207, 'reused control id');
INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, raw, ack_code, original_message_id)
    VALUES ('2026-01-01T12:00:03Z', '127.0.0.1:1', 'LAB', 'MAIN', 'C1', '\x01'::bytea, 'AA', 1);
SELECT pg_temp.expect('a refused message and an accepted reuse may share the identity',
    (SELECT count(*) = 3 FROM messages WHERE control_id = 'C1'));
SELECT pg_temp.expect_refused('an accepted message with a blank control id',
    $q$INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, raw, ack_code)
       VALUES ('2026-01-01T12:00:04Z', '127.0.0.1:1', 'LAB', 'MAIN', '  ', '\x00'::bytea, 'AA')$q$,
    'an accepted message needs a non-blank control id');
SELECT pg_temp.expect_refused('an accepted message without a control id',
    $q$INSERT INTO messages (received_at, peer, sending_application, sending_facility, raw, ack_code)
       VALUES ('2026-01-01T12:00:04Z', '127.0.0.1:1', 'LAB', 'MAIN', '\x00'::bytea, 'AA')$q$, 'check constraint');
SELECT pg_temp.expect_refused('an accepted message with an error code',
    $q$INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, raw, ack_code, error_code)
       VALUES ('2026-01-01T12:00:04Z', '127.0.0.1:1', 'LAB', 'MAIN', 'C9', '\x00'::bytea, 'AA', 207)$q$, 'check constraint');
SELECT pg_temp.expect_refused('an unknown ACK code',
    $q$INSERT INTO messages (received_at, peer, raw, ack_code, error_code) VALUES ('x', 'p', '\x00'::bytea, 'ZZ', 100)$q$,
    'check constraint');
SELECT pg_temp.expect_refused('a raw digest that is not 64 characters',
    $q$UPDATE messages SET raw_digest = 'abc' WHERE id = 1$q$, 'check constraint');
SELECT id AS refused FROM messages WHERE ack_code = 'AE' \gset message_
UPDATE messages SET replay_of = :message_refused WHERE original_message_id = 1;
SELECT pg_temp.expect_refused('a message replayed twice',
    format($q$UPDATE messages SET replay_of = %s WHERE id = 1$q$, :message_refused), 'messages_replay_of');

-- Tasks: the change log and the search tables ---------------------------------------------------------
SELECT coalesce(max(seq), 0) AS seq FROM task_changes \gset changes_before_
INSERT INTO tasks (sending_application, sending_facility, placer_number, filler_number, service_code, service_text,
        patient_mrn, patient_family, patient_given, assigned_npi, routing_explanation, urgency, urgency_reason,
        result_status, status, received_at, clock_started_at, due_at, latest_control_id, latest_message_id,
        updated_at, search_folded)
    VALUES ('LAB', 'MAIN', 'P1', 'F1', 'BMP', 'Panel', 'M1', 'Doe', 'Jan', '1234567893', 'why', 'routine', 'why',
        'F', 'open', '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z', '2026-01-04T12:00:00Z', 'C1', 1,
        '2026-01-01T12:00:00Z', 'm1' || chr(31) || 'doe, jan' || chr(31) || 'jan doe' || chr(31) || 'panel');
SELECT id AS open FROM tasks WHERE filler_number = 'F1' \gset task_
SELECT pg_temp.expect('a task insert logs its new columns',
    (SELECT task_id = :task_open AND old_status IS NULL AND new_status = 'open' AND new_assigned_npi = '1234567893'
        AND new_urgency = 'routine' AND new_due_at = '2026-01-04T12:00:00Z' AND new_escalation_level = 0
     FROM pg_temp.last_change()));
SELECT pg_temp.expect('an open task is in task_search with its folded text, not in task_search_closed',
    (SELECT document = (SELECT search_folded FROM tasks WHERE id = :task_open) FROM task_search WHERE task_id = :task_open)
    AND NOT EXISTS (SELECT 1 FROM task_search_closed WHERE task_id = :task_open));
SELECT pg_temp.expect('task defaults: version 1, kind result, levels 0',
    (SELECT version = 1 AND kind = 'result' AND escalation_level = 0 AND signoff_escalation_level = 0 AND attempts = 0
        AND reopened = 0 FROM tasks WHERE id = :task_open));
UPDATE tasks SET escalation_level = 1, assigned_npi = '2222222222' WHERE id = :task_open;
SELECT pg_temp.expect('a task update logs old and new columns',
    (SELECT old_escalation_level = 0 AND new_escalation_level = 1 AND old_assigned_npi = '1234567893'
        AND new_assigned_npi = '2222222222' AND old_status = 'open' AND new_status = 'open'
     FROM pg_temp.last_change()));
UPDATE tasks SET search_folded = 'm1' || chr(31) || 'doe, janet' WHERE id = :task_open;
SELECT pg_temp.expect('a new folded text replaces the search document',
    (SELECT document = 'm1' || chr(31) || 'doe, janet' FROM task_search WHERE task_id = :task_open));
SELECT pg_temp.expect('find by substring through the trigram table (LIKE, as PatientSearch will)',
    (SELECT array_agg(task_id) = ARRAY[:task_open]::bigint[] FROM task_search WHERE document LIKE '%oe, jan%'));
SET enable_seqscan = off;
SELECT pg_temp.expect('the trigram index serves LIKE',
    (SELECT string_agg(line, ' ') LIKE '%task_search_document%'
     FROM pg_temp.explain_search() AS plan (line)));
RESET enable_seqscan;
UPDATE tasks SET attempts = attempts + 1 WHERE id = :task_open;
SELECT pg_temp.expect('an update of neither status nor folded text leaves the search tables, and is logged',
    (SELECT count(*) = 1 FROM task_search WHERE task_id = :task_open)
    AND (SELECT new_status = 'open' AND old_status = 'open' FROM pg_temp.last_change()));
SELECT pg_temp.expect_refused('a closed task without closed_at',
    $q$UPDATE tasks SET status = 'closed' WHERE id = (SELECT max(id) FROM tasks)$q$, 'check constraint');
SELECT pg_temp.expect_refused('a close outcome outside the list',
    $q$UPDATE tasks SET status = 'closed', closed_at = 'x', closed_by = 'kim', close_outcome = 'gave-up'
       WHERE id = (SELECT max(id) FROM tasks)$q$, 'check constraint');
UPDATE tasks SET status = 'closed', closed_at = '2026-01-02T00:00:00Z', closed_by = 'kim', close_outcome = 'result-received'
    WHERE id = :task_open;
SELECT pg_temp.expect('closing moves the task to task_search_closed (and a missing result''s outcome is allowed)',
    NOT EXISTS (SELECT 1 FROM task_search WHERE task_id = :task_open)
    AND (SELECT count(*) = 1 FROM task_search_closed WHERE task_id = :task_open));
UPDATE tasks SET status = 'open', closed_at = NULL, closed_by = NULL, close_outcome = NULL, reopened = 1
    WHERE id = :task_open;
SELECT pg_temp.expect('re-opening moves it back',
    (SELECT count(*) = 1 FROM task_search WHERE task_id = :task_open)
    AND NOT EXISTS (SELECT 1 FROM task_search_closed WHERE task_id = :task_open));
INSERT INTO tasks (sending_application, sending_facility, service_code, service_text, patient_mrn, patient_family,
        patient_given, routing_explanation, urgency, urgency_reason, result_status, status, received_at,
        clock_started_at, latest_control_id, latest_message_id, updated_at, closed_at, closed_by, close_outcome,
        search_folded, kind)
    VALUES ('LAB', 'MAIN', 'CBC', 'Count', 'M2', 'Roe', 'Ann', 'why', 'abnormal', 'why', 'F', 'closed',
        '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z', 'C1', 1, '2026-01-01T12:00:00Z', '2026-01-01T13:00:00Z',
        'kim', 'reached', 'm2' || chr(31) || 'roe, ann', 'missing-result');
SELECT id AS closed FROM tasks WHERE patient_mrn = 'M2' \gset task_
SELECT pg_temp.expect('a task inserted closed goes to task_search_closed only',
    (SELECT count(*) = 1 FROM task_search_closed WHERE task_id = :task_closed)
    AND NOT EXISTS (SELECT 1 FROM task_search WHERE task_id = :task_closed));
DELETE FROM tasks WHERE id = :task_closed;
SELECT pg_temp.expect('deleting a closed task empties its search row and logs its old columns',
    NOT EXISTS (SELECT 1 FROM task_search_closed WHERE task_id = :task_closed)
    AND (SELECT task_id = :task_closed AND old_status = 'closed' AND new_status IS NULL FROM pg_temp.last_change()));
SELECT pg_temp.expect('every task write so far is logged (insert, 5 updates, insert, delete)',
    (SELECT count(*) = 8 FROM task_changes WHERE seq > :changes_before_seq));
SELECT pg_temp.expect_refused('a second task with the same filler number and test',
    $q$INSERT INTO tasks (sending_application, sending_facility, filler_number, service_code, service_text, patient_mrn,
        patient_family, patient_given, routing_explanation, urgency, urgency_reason, result_status, status,
        received_at, clock_started_at, latest_control_id, latest_message_id, updated_at)
       VALUES ('LAB', 'MAIN', 'F1', 'BMP', 'Panel', 'M1', 'Doe', 'Jan', 'why', 'routine', 'why', 'F', 'open',
        'x', 'x', 'C1', 1, 'x')$q$, 'tasks_filler');
SELECT pg_temp.expect_refused('a task assigned to an unknown provider',
    $q$UPDATE tasks SET assigned_npi = '3333333333' WHERE id = (SELECT max(id) FROM tasks)$q$, 'foreign key');
SELECT pg_temp.expect_refused('deleting a message that other rows name (no ON DELETE, as on SQLite)',
    $q$DELETE FROM messages WHERE id = 1$q$, 'foreign key');
DO $$
DECLARE
    task bigint := (SELECT max(id) FROM tasks);
    newest bigint;
BEGIN
    FOR i IN 1..4700 LOOP
        UPDATE tasks SET attempts = attempts + 1 WHERE id = task;
    END LOOP;
    newest := (SELECT max(seq) FROM task_changes);
    PERFORM pg_temp.expect('the change log keeps the latest 4,096 rows, trimming 512 at a time',
        (SELECT min(seq) = newest / 512 * 512 - 4096 + 1 AND count(*) >= 4096 FROM task_changes));
END;
$$;
SELECT 'ok: the change log keeps the latest 4,096 rows, trimming 512 at a time';

-- Observations ---------------------------------------------------------------------------------------
SELECT max(id) AS id FROM tasks \gset task_
INSERT INTO observations (task_id, message_id, position, code, text, value_type, value, units, reference_range, flags,
        status, notes, is_current)
    VALUES (:task_id, 1, 0, '2823-3', 'Potassium', 'NM', '6.9', 'mmol/L', '', '["HH"]', 'F', '[]', 1);
SELECT pg_temp.expect_refused('observation flags that are a JSON object, not an array',
    $q$UPDATE observations SET flags = '{}'$q$, 'check constraint');
SELECT pg_temp.expect_refused('observation notes that are not JSON',
    $q$UPDATE observations SET notes = '[oops'$q$, 'invalid input syntax for type json');
SELECT pg_temp.expect_refused('a current observation that names what retired it',
    format($q$UPDATE observations SET retired_by_message_id = %s$q$, :message_refused), 'check constraint');
UPDATE observations SET is_current = 0, retired_by_message_id = :message_refused;
SELECT 'ok: a retired observation names the message that retired it';

-- Orders and the orders version ----------------------------------------------------------------------
SELECT pg_temp.orders_version() AS before \gset orders_
INSERT INTO orders (kind, sending_application, sending_facility, patient_mrn, patient_family, patient_given,
        placer_number, service_code, service_text, ordered_at, state, first_message_id, latest_message_id,
        created_at, updated_at)
    VALUES ('order', 'EHR', 'MAIN', 'M1', 'Doe', 'Jan', 'P1', 'BMP', 'Panel', '2026-01-01T10:00:00Z', 'ordered', 1, 1,
        '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z');
SELECT pg_temp.expect('an order insert bumps orders_version', pg_temp.orders_version() = :orders_before + 1);
UPDATE orders SET priority = 'S', updated_at = '2026-01-01T11:00:00Z';
SELECT pg_temp.expect('an update of other columns leaves orders_version', pg_temp.orders_version() = :orders_before + 1);
UPDATE orders SET state = 'final', resulted_at = '2026-01-01T12:00:00Z';
SELECT pg_temp.expect('an update of state bumps orders_version', pg_temp.orders_version() = :orders_before + 2);
SELECT pg_temp.expect_refused('a resulted order without resulted_at',
    $q$UPDATE orders SET resulted_at = NULL$q$, 'check constraint');
SELECT pg_temp.expect_refused('the same order twice',
    $q$INSERT INTO orders (kind, sending_application, sending_facility, patient_mrn, patient_family, patient_given,
        placer_number, service_code, service_text, ordered_at, state, first_message_id, latest_message_id,
        created_at, updated_at)
       SELECT kind, sending_application, sending_facility, patient_mrn, patient_family, patient_given, placer_number,
        service_code, service_text, ordered_at, 'ordered', 1, 1, created_at, updated_at FROM orders$q$, 'unique');
DELETE FROM orders;
SELECT pg_temp.expect('an order delete bumps orders_version', pg_temp.orders_version() = :orders_before + 3);

-- Work tables ----------------------------------------------------------------------------------------
SELECT pg_temp.expect_refused('an attempt with an unknown outcome',
    format($q$INSERT INTO attempts (task_id, at, "user", outcome, note) VALUES (%s, 'x', 'sam', 'busy', '')$q$, :task_id),
    'check constraint');
INSERT INTO escalations (task_id, level, clock_started_at, due_at, recorded_at, target, target_npis, reason)
    VALUES (:task_id, 1, 'c', 'd', 'r', 't', '[]', 'why');
SELECT pg_temp.expect('an escalation''s kind defaults to clock', (SELECT kind = 'clock' FROM escalations));
SELECT pg_temp.expect_refused('the same escalation twice',
    format($q$INSERT INTO escalations (task_id, level, clock_started_at, due_at, recorded_at, target, target_npis, reason)
       VALUES (%s, 1, 'c', 'd', 'r', 't', '[]', 'why')$q$, :task_id), 'unique');
SELECT pg_temp.expect_refused('a claim that ends before it starts',
    format($q$INSERT INTO task_claims (task_id, claimed_by, claimed_at, claimed_until) VALUES (%s, 'sam', 'b', 'a')$q$,
        :task_id), 'check constraint');
SELECT pg_temp.expect_refused('a delivered outbox message without an AA',
    format($q$INSERT INTO outbox (task_id, event, audit_seq, control_id, message_type, message, status, created_at,
        deliverable_at, next_attempt_at, finished_at, ack_code)
       VALUES (%s, 'close', 1, 'O1', 'ORU^R01', 'MSH', 'delivered', 'x', 'x', 'x', 'x', 'AE')$q$, :task_id),
    'check constraint');
SELECT pg_temp.expect_refused('a second heartbeat row',
    $q$INSERT INTO listener_heartbeat (id, address, pid, started_at, beat_at, messages_today) VALUES (2, 'a', 1, 'x', 'x', 0)$q$,
    'check constraint');

-- The audit trail ------------------------------------------------------------------------------------
INSERT INTO audit (seq, at, "user", action, details, os_user, prev_hash, hash)
    VALUES (1, '2026-01-01T12:00:00Z', 'kim', 'task.acknowledged', '{}', 'kim', repeat('0', 64), repeat('ab', 32)),
           (2, '2026-01-01T12:01:00Z', 'kim', 'task.closed', '{"note":"x\u0000"}', 'kim', repeat('ab', 32), repeat('cd', 32)),
           (3, '2026-01-01T12:02:00Z', 'kim', 'task.closed', '{}', 'kim', repeat('cd', 32), repeat('ef', 32));
SELECT 'ok: hash-chained rows that name the account insert, seq as the code numbers it';
SELECT pg_temp.expect_refused('an audit row without its hash',
    $q$INSERT INTO audit (seq, at, "user", action, details, os_user, prev_hash) VALUES (4, 'x', 'kim', 'a', '{}', 'kim', repeat('0', 64))$q$,
    'audit rows must be hash-chained');
SELECT pg_temp.expect_refused('an audit row that names no account',
    $q$INSERT INTO audit (seq, at, "user", action, details, prev_hash, hash) VALUES (4, 'x', 'kim', 'a', '{}', repeat('0', 64), repeat('0', 64))$q$,
    'audit rows must name the operating-system account');
SELECT pg_temp.expect_refused('a hash that is not lowercase hex',
    $q$INSERT INTO audit (seq, at, "user", action, details, os_user, prev_hash, hash) VALUES (4, 'x', 'kim', 'a', '{}', 'kim', repeat('0', 64), repeat('AB', 32))$q$,
    'check constraint');
SELECT pg_temp.expect_refused('audit details that are not JSON',
    $q$INSERT INTO audit (seq, at, "user", action, details, os_user, prev_hash, hash) VALUES (4, 'x', 'kim', 'a', 'nope', 'kim', repeat('0', 64), repeat('0', 64))$q$,
    'invalid input syntax for type json');
SELECT pg_temp.expect_refused('an UPDATE of an audit row', $q$UPDATE audit SET action = 'x' WHERE seq = 1$q$,
    'audit rows are append-only');
SELECT pg_temp.expect_refused('a DELETE of an audit row', $q$DELETE FROM audit WHERE seq = 1$q$,
    'audit rows are append-only');
SELECT pg_temp.expect_refused('a TRUNCATE of the audit', $q$TRUNCATE audit$q$, 'audit rows are append-only');
BEGIN;
SET LOCAL carequeue.audit_prune = 'on';
SELECT pg_temp.expect_refused('an UPDATE inside a prune transaction', $q$UPDATE audit SET action = 'x' WHERE seq = 1$q$,
    'audit rows are append-only');
DELETE FROM audit WHERE seq < 2;
SELECT pg_temp.expect('a prune transaction deletes the oldest rows', (SELECT min(seq) = 2 FROM audit));
COMMIT;
SELECT pg_temp.expect('the prune setting ends with its transaction',
    coalesce(current_setting('carequeue.audit_prune', true), '') <> 'on');
SELECT pg_temp.expect_refused('a DELETE after the prune transaction committed', $q$DELETE FROM audit WHERE seq = 2$q$,
    'audit rows are append-only');
BEGIN;
SELECT set_config('carequeue.audit_prune', 'on', true) AS prune \gset
DELETE FROM audit WHERE seq = 2;
ROLLBACK;
SELECT pg_temp.expect('set_config(…, true) is the same switch, and a rollback keeps the rows',
    (SELECT count(*) = 2 FROM audit));
INSERT INTO audit_chain (id, keyed, key_check) VALUES (1, 0, NULL);
SELECT pg_temp.expect_refused('a keyed chain without its key check',
    $q$INSERT INTO audit_chain (id, keyed) VALUES (1, 1)$q$, 'check constraint');
SELECT pg_temp.expect_refused('a second chain record', $q$INSERT INTO audit_chain (id, keyed) VALUES (2, 0)$q$,
    'check constraint');
SELECT pg_temp.expect_refused('an UPDATE of the chain record', $q$UPDATE audit_chain SET keyed = 0$q$,
    'the audit chain record is fixed');
SELECT pg_temp.expect_refused('a DELETE of the chain record', $q$DELETE FROM audit_chain$q$,
    'the audit chain record is fixed');
SELECT pg_temp.expect_refused('a TRUNCATE of the chain record', $q$TRUNCATE audit_chain$q$,
    'the audit chain record is fixed');

\echo 'postgres-schema-check: every check passed'
