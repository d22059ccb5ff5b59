import GRDB

extension Schema {
    /// Indexes for `report`'s period figures and the board's critical-acknowledgement share.
    static let reportReceivedMigration = "v10-report-received"

    /// - `tasks_received`: the results received in a period are one range of it; `urgency` rides
    ///   along so the board's "criticals received today" reads the table only for the criticals,
    ///   however many closed tasks the store holds.
    /// - `tasks_closed_at`: the tasks closed since a period began (its closes, and clocks that
    ///   stopped in it on tasks closed since), without reading every closed task ever.
    static let reportReceived = """
        CREATE INDEX tasks_received ON tasks(received_at, urgency);
        CREATE INDEX tasks_closed_at ON tasks(closed_at) WHERE closed_at IS NOT NULL;

        """
}
