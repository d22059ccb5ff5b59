extension PostgresSchema {
    /// SQLite's indexes under the same names, columns and WHERE clauses (expressions in parentheses,
    /// as PostgreSQL wants them), and the trigram indexes of the search tables.
    ///
    /// SQLite's `INDEXED BY` hints have no PostgreSQL form: its planner picks these from the same
    /// WHERE and ORDER BY terms.
    static let indexes = """
        CREATE UNIQUE INDEX messages_accepted_identity
            ON messages(sending_application, sending_facility, control_id)
            WHERE ack_code IN ('AA', 'CA') AND original_message_id IS NULL;
        CREATE INDEX messages_reuses ON messages(original_message_id) WHERE original_message_id IS NOT NULL;
        CREATE INDEX messages_review ON messages(id)
            WHERE ack_code NOT IN ('AA', 'CA') OR derivation_error IS NOT NULL;
        CREATE INDEX messages_received ON messages(received_at, ack_code);
        CREATE UNIQUE INDEX messages_replay_of ON messages(replay_of) WHERE replay_of IS NOT NULL;
        CREATE INDEX messages_review_clock ON messages(received_at)
            WHERE (ack_code NOT IN ('AA', 'CA') OR derivation_error IS NOT NULL) AND resolved_at IS NULL
                AND review_escalation_level = 0;

        CREATE UNIQUE INDEX tasks_filler
            ON tasks(sending_application, sending_facility, filler_number, service_code) WHERE filler_number IS NOT NULL;
        CREATE INDEX tasks_placer
            ON tasks(sending_application, sending_facility, placer_number, service_code) WHERE placer_number IS NOT NULL;
        CREATE INDEX tasks_queue ON tasks(status, assigned_npi, due_at);
        CREATE INDEX tasks_mrn ON tasks(patient_mrn);
        CREATE INDEX tasks_escalation_candidates ON tasks(escalation_level, urgency, clock_started_at)
            WHERE status <> 'closed' AND clock_stopped_at IS NULL AND escalation_level < 2;
        CREATE INDEX tasks_open_ordering ON tasks(ordering_npi) WHERE status <> 'closed';
        CREATE INDEX tasks_open_queue_order
            ON tasks(assigned_npi, (urgency <> 'critical'), (due_at IS NULL), due_at, id, urgency, escalation_level)
            WHERE status <> 'closed';
        CREATE INDEX tasks_open_find
            ON tasks((urgency <> 'critical'), (due_at IS NULL), due_at, id, assigned_npi, urgency, status, search_folded)
            WHERE status <> 'closed';
        CREATE INDEX tasks_open_callback ON tasks(callback_at) WHERE callback_at IS NOT NULL AND status <> 'closed';
        CREATE INDEX tasks_received ON tasks(received_at, urgency);
        CREATE INDEX tasks_closed_at ON tasks(closed_at) WHERE closed_at IS NOT NULL;
        CREATE INDEX tasks_signoff_candidates ON tasks(signoff_escalation_level, urgency, clock_started_at)
            WHERE status <> 'closed' AND signed_off_at IS NULL AND signoff_escalation_level < 2;
        CREATE INDEX tasks_latest_message ON tasks(latest_message_id);

        CREATE INDEX observations_current ON observations(task_id, position) WHERE is_current = 1;
        CREATE INDEX observations_history ON observations(task_id, id);
        CREATE INDEX observations_message ON observations(message_id);
        CREATE INDEX observations_retired_by ON observations(retired_by_message_id) WHERE retired_by_message_id IS NOT NULL;

        CREATE INDEX orders_filler ON orders(patient_mrn, filler_number) WHERE filler_number IS NOT NULL;
        CREATE INDEX orders_awaiting ON orders(ordered_at) WHERE state = 'ordered';
        CREATE INDEX orders_task ON orders(result_task_id) WHERE result_task_id IS NOT NULL;
        CREATE INDEX orders_overdue ON orders(expected_by) WHERE state = 'ordered' AND missing_task_id IS NULL;
        CREATE INDEX orders_missing_task ON orders(missing_task_id) WHERE missing_task_id IS NOT NULL;
        CREATE INDEX orders_awaiting_queue
            ON orders(ordering_npi, ordered_at, state, kind, expected_by)
            WHERE state IN ('ordered', 'preliminary');
        CREATE INDEX orders_awaiting_first_message ON orders(first_message_id) WHERE state IN ('ordered', 'preliminary');
        CREATE INDEX orders_awaiting_latest_message ON orders(latest_message_id) WHERE state IN ('ordered', 'preliminary');

        CREATE UNIQUE INDEX providers_login ON providers(login) WHERE login IS NOT NULL;
        CREATE INDEX audit_task ON audit(task_id, seq) WHERE task_id IS NOT NULL;
        CREATE INDEX attempts_task ON attempts(task_id, id);
        CREATE INDEX escalations_task ON escalations(task_id, id);
        CREATE INDEX outbox_waiting ON outbox(deliverable_at, id) WHERE status = 'waiting';
        CREATE INDEX outbox_failed ON outbox(finished_at) WHERE status = 'failed';
        CREATE INDEX outbox_task ON outbox(task_id, id);
        CREATE INDEX outbox_audit ON outbox(audit_seq);

        CREATE INDEX task_search_document ON task_search USING gin (document gin_trgm_ops);
        CREATE INDEX task_search_closed_document ON task_search_closed USING gin (document gin_trgm_ops);

        """
}
