import CareQueueCore
import GRDB

/// The store's migrations. Append only: a shipped migration is never edited, a change is a new one.
///
/// Timestamps are TEXT in `StoreTime`'s shape (UTC ISO 8601, `Z`, whole seconds); booleans are 0/1.
enum Schema {
    /// The first migration's identifier; a database without it is not a CareQueue database.
    static let firstMigration = "v1-initial"

    /// The migrations, for checking which are applied (the chain matters only when one runs).
    static var migrator: DatabaseMigrator { makeMigrator(auditChain: AuditChain(key: nil)) }

    /// The migrations; `auditChain` hashes audit rows written before the chain existed.
    static func makeMigrator(auditChain: AuditChain) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.execute(sql: messages + tasks + observations + roster + audit + heartbeat)
        }
        migrator.registerSQL(lifecycleMigration, lifecycle)
        migrator.registerMigration(auditChainMigration) { db in
            try chainAuditTrail(db, chain: auditChain)
        }
        migrator.registerSQL(messageIdentityMigration, messageIdentity)
        migrator.registerSQL(identityMigration, identity)
        migrator.registerMigration(findFoldedMigration) { db in
            try db.execute(sql: findFoldedColumn)
            try backfillSearchText(db)
            try db.execute(sql: findFolded)
        }
        migrator.registerSQL(derivationMigration, derivation)
        migrator.registerMigration(coordinatorsMigration) { db in
            try db.execute(sql: coordinatorsColumns)
            try backfillTierPositions(db)
            try db.execute(sql: worklistIndex)
        }
        migrator.registerSQL(claimsUndoMigration, claimsUndo)
        migrator.registerSQL(callbacksMigration, callbacks)
        migrator.registerMigration(findTestsMigration) { db in
            try rebuildFindText(db)
        }
        migrator.registerSQL(reportReceivedMigration, reportReceived)
        migrator.registerSQL(signoffMigration, signoff)
        migrator.registerSQL(outboxMigration, outbox)
        migrator.registerSQL(heartbeatStoppedMigration, heartbeatStopped)
        migrator.registerSQL(ordersMigration, orders)
        migrator.registerMigration(missingResultsMigration) { db in
            try db.execute(sql: missingResults)
            try widenCloseOutcomes(db)
        }
        migrator.registerSQL(awaitingMigration, awaiting)
        migrator.registerSQL(reviewWorkMigration, reviewWork)
        migrator.registerSQL(rosterActiveMigration, rosterActive)
        migrator.registerSQL(reviewClockMigration, reviewClock)
        migrator.registerSQL(retentionMigration, retention)
        migrator.registerSQL(listenerHostsMigration, listenerHosts)
        return migrator
    }

    private static let messages = """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL,
            peer TEXT NOT NULL,
            sending_application TEXT,
            sending_facility TEXT,
            control_id TEXT,
            version TEXT,
            raw BLOB NOT NULL,
            ack_code TEXT NOT NULL CHECK (ack_code IN ('AA', 'AE', 'AR', 'CA', 'CE', 'CR')),
            error_code INTEGER CHECK (error_code BETWEEN 100 AND 299),
            reason TEXT,
            location TEXT,
            CHECK (ack_code NOT IN ('AA', 'CA')
                   OR (sending_application IS NOT NULL AND sending_facility IS NOT NULL AND control_id IS NOT NULL)),
            CHECK ((ack_code IN ('AA', 'CA')) = (error_code IS NULL))
        );
        -- A refused message may be resent with the same control id once fixed: only accepted ones are unique.
        CREATE UNIQUE INDEX messages_accepted_identity
            ON messages(sending_application, sending_facility, control_id) WHERE ack_code IN ('AA', 'CA');
        CREATE INDEX messages_review ON messages(id) WHERE ack_code NOT IN ('AA', 'CA');

        """

    private static let tasks = """
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            sending_application TEXT NOT NULL,
            sending_facility TEXT NOT NULL,
            placer_number TEXT CHECK (placer_number <> ''),
            filler_number TEXT CHECK (filler_number <> ''),
            service_code TEXT NOT NULL,
            service_text TEXT NOT NULL,
            patient_mrn TEXT NOT NULL,
            patient_family TEXT NOT NULL,
            patient_given TEXT NOT NULL,
            patient_dob TEXT,
            patient_phone TEXT,
            ordering_npi TEXT,
            assigned_npi TEXT REFERENCES providers(npi),
            covering_for_npi TEXT REFERENCES providers(npi),
            routing_explanation TEXT NOT NULL,
            urgency TEXT NOT NULL CHECK (urgency IN ('critical', 'abnormal', 'routine')),
            urgency_reason TEXT NOT NULL,
            lab_urgency TEXT CHECK (lab_urgency IN ('critical', 'abnormal', 'routine')),
            lab_urgency_reason TEXT,
            result_status TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
            received_at TEXT NOT NULL,
            clock_started_at TEXT NOT NULL,
            due_at TEXT,
            clock_stopped_at TEXT,
            escalation_level INTEGER NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            latest_control_id TEXT NOT NULL,
            latest_message_id INTEGER NOT NULL REFERENCES messages(id),
            reopened INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1)),
            retraction_review INTEGER NOT NULL DEFAULT 0 CHECK (retraction_review IN (0, 1)),
            closed_at TEXT,
            closed_by TEXT,
            close_outcome TEXT CHECK (close_outcome IN ('reached', 'portal-message', 'not-needed', 'cancelled-by-lab')),
            close_note TEXT,
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            updated_at TEXT NOT NULL,
            CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
            CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (close_outcome IS NULL)),
            CHECK (due_at IS NULL OR clock_stopped_at IS NULL),
            CHECK ((lab_urgency IS NULL) = (lab_urgency_reason IS NULL))
        );
        -- The filler number identifies one report per sender and test; placer numbers may be reused.
        CREATE UNIQUE INDEX tasks_filler
            ON tasks(sending_application, sending_facility, filler_number, service_code) WHERE filler_number IS NOT NULL;
        CREATE INDEX tasks_placer
            ON tasks(sending_application, sending_facility, placer_number, service_code) WHERE placer_number IS NOT NULL;
        CREATE INDEX tasks_queue ON tasks(status, assigned_npi, due_at);
        CREATE INDEX tasks_open_queue ON tasks(assigned_npi, due_at) WHERE status <> 'closed';
        CREATE INDEX tasks_open_due ON tasks(due_at) WHERE status <> 'closed';
        CREATE INDEX tasks_mrn ON tasks(patient_mrn);

        """

    private static let observations = """
        CREATE TABLE observations (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            message_id INTEGER NOT NULL REFERENCES messages(id),
            position INTEGER NOT NULL CHECK (position >= 0),
            code TEXT NOT NULL,
            text TEXT NOT NULL,
            value_type TEXT NOT NULL,
            value TEXT NOT NULL,
            units TEXT NOT NULL,
            reference_range TEXT NOT NULL,
            flags TEXT NOT NULL CHECK (json_valid(flags) AND json_type(flags) = 'array'),
            status TEXT NOT NULL,
            notes TEXT NOT NULL CHECK (json_valid(notes) AND json_type(notes) = 'array'),
            is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
            retired_by_message_id INTEGER REFERENCES messages(id),
            CHECK (is_current = (retired_by_message_id IS NULL))
        );
        CREATE INDEX observations_current ON observations(task_id, position) WHERE is_current = 1;
        CREATE INDEX observations_history ON observations(task_id, id);

        """

    private static let roster = """
        CREATE TABLE providers (
            npi TEXT PRIMARY KEY NOT NULL
                CHECK (npi GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
            name TEXT NOT NULL CHECK (name <> ''),
            role TEXT NOT NULL CHECK (role IN ('physician', 'np', 'pa', 'coordinator', 'charge_nurse')),
            supervisor_npi TEXT
                CHECK (supervisor_npi GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')
        ) WITHOUT ROWID;
        CREATE TABLE coverage (
            id INTEGER PRIMARY KEY,
            provider_npi TEXT NOT NULL REFERENCES providers(npi),
            covering_npi TEXT NOT NULL REFERENCES providers(npi),
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            CHECK (ends_at > starts_at),
            CHECK (provider_npi <> covering_npi),
            UNIQUE (provider_npi, covering_npi, starts_at, ends_at)
        );
        -- Writers of any process bump this, so a long-running writer knows when to re-read its roster cache.
        CREATE TABLE roster_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value INTEGER NOT NULL
        );
        INSERT INTO roster_version (id, value) VALUES (1, 0);
        CREATE TRIGGER providers_insert_bumps AFTER INSERT ON providers
            BEGIN UPDATE roster_version SET value = value + 1; END;
        CREATE TRIGGER providers_update_bumps AFTER UPDATE ON providers
            BEGIN UPDATE roster_version SET value = value + 1; END;
        CREATE TRIGGER providers_delete_bumps AFTER DELETE ON providers
            BEGIN UPDATE roster_version SET value = value + 1; END;
        CREATE TRIGGER coverage_insert_bumps AFTER INSERT ON coverage
            BEGIN UPDATE roster_version SET value = value + 1; END;
        CREATE TRIGGER coverage_update_bumps AFTER UPDATE ON coverage
            BEGIN UPDATE roster_version SET value = value + 1; END;
        CREATE TRIGGER coverage_delete_bumps AFTER DELETE ON coverage
            BEGIN UPDATE roster_version SET value = value + 1; END;

        """

    private static let audit = """
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user TEXT NOT NULL CHECK (user <> ''),
            action TEXT NOT NULL CHECK (action <> ''),
            task_id INTEGER REFERENCES tasks(id),
            details TEXT NOT NULL CHECK (json_valid(details))
        );
        CREATE INDEX audit_task ON audit(task_id, seq) WHERE task_id IS NOT NULL;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;

        """

    private static let heartbeat = """
        CREATE TABLE listener_heartbeat (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            address TEXT NOT NULL,
            pid INTEGER NOT NULL CHECK (pid > 0),
            started_at TEXT NOT NULL,
            beat_at TEXT NOT NULL,
            messages_today INTEGER NOT NULL CHECK (messages_today >= 0),
            last_message_at TEXT
        );

        """
}

extension DatabaseMigrator {
    /// Registers a migration that is one SQL script (most of them): no closure written out each time.
    mutating func registerSQL(_ name: String, _ sql: String) {
        registerMigration(name) { db in try db.execute(sql: sql) }
    }
}
