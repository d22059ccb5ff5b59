extension DashboardWall {
    /// The `mode` a `dashboard.started` audit row records: which screen the session opened on.
    public var accessMode: String { kiosk ? "kiosk" : opensOnBoard ? "board" : "worklist" }
}
