import CareQueueCore
import StoreFixtures
import Testing

/// Runs `body`, a test written for both stores. On PostgreSQL, a store call not yet on the SQL
/// layer (issue 20 ports the store a part at a time: `StoreError.notOnPostgres`) ends it as a known
/// issue, not a failure; every other failure is reported as usual. Once that part is ported the
/// whole body runs: drop the wrapper when no call it makes refuses any more.
func untilPorted(_ kind: StoreKind, _ body: () throws -> Void) throws {
    guard kind == .postgres else { return try body() }
    try withKnownIssue("a store call this test makes is not on PostgreSQL yet", isIntermittent: true) {
        try body()
    } matching: { issue in
        guard case .notOnPostgres? = issue.error as? StoreError else { return false }
        return true
    }
}
