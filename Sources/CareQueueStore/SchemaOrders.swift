import GRDB

extension Schema {
    /// Orders and referrals tracked from the order message to their result or consult note.
    static let ordersMigration = "v14-orders"

    /// One row per order (patient, placer number, test) or referral (patient, referral id): a repeat
    /// `NW` updates it, `CA`/`OC`/`DC` cancels it, a result for it moves it to `preliminary` or
    /// `final` and names the result's task. The filler number is learned from the first result
    /// that names it (or from the order, when the filler numbered it already).
    static let orders = """
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('order', 'referral')),
            sending_application TEXT NOT NULL,
            sending_facility TEXT NOT NULL,
            patient_mrn TEXT NOT NULL CHECK (patient_mrn <> ''),
            patient_family TEXT NOT NULL,
            patient_given TEXT NOT NULL,
            placer_number TEXT NOT NULL CHECK (placer_number <> ''),
            filler_number TEXT CHECK (filler_number <> ''),
            service_code TEXT NOT NULL,
            service_text TEXT NOT NULL,
            ordering_npi TEXT,
            ordering_name TEXT NOT NULL DEFAULT '',
            referred_to TEXT,
            priority TEXT,
            ordered_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('ordered', 'preliminary', 'final', 'cancelled')),
            resulted_at TEXT,
            result_task_id INTEGER REFERENCES tasks(id),
            first_message_id INTEGER NOT NULL REFERENCES messages(id),
            latest_message_id INTEGER NOT NULL REFERENCES messages(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((state IN ('preliminary', 'final')) = (resulted_at IS NOT NULL)),
            UNIQUE (kind, patient_mrn, placer_number, service_code)
        );
        CREATE INDEX orders_filler ON orders(patient_mrn, filler_number) WHERE filler_number IS NOT NULL;
        CREATE INDEX orders_awaiting ON orders(ordered_at) WHERE state = 'ordered';
        CREATE INDEX orders_task ON orders(result_task_id) WHERE result_task_id IS NOT NULL;

        """
}
