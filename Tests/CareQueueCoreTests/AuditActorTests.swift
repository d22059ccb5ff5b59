import CareQueueCore
import Foundation
import Testing
import TestSupport

@Suite("Who acted, in one phrase")
struct AuditActorTests {
    static func record(user: String, osUser: String?, name: String?) -> AuditRecord {
        AuditRecord(seq: 1, at: Date(timeIntervalSince1970: 0), user: user, action: "ack", taskID: 1, details: "{}",
                    hash: nil, osUser: osUser, osUserName: name)
    }

    @Test("label, account and roster person", arguments: [
        Named("a row from before accounts were kept", record(user: "kim", osUser: nil, name: nil), "kim"),
        Named("label and account agree", record(user: "kim", osUser: "kim", name: nil), "kim"),
        Named("a shared account", record(user: "kim", osUser: "frontdesk", name: nil), "kim (frontdesk)"),
        Named("an account on the roster", record(user: "kim", osUser: "kcare", name: "Kim Care"), "kim (kcare → Kim Care)"),
    ])
    func actor(_ row: Named<AuditRecord, String>) {
        #expect(row.input.actor == row.expected)
    }
}
