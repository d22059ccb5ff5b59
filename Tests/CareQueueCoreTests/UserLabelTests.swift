import CareQueueCore
import Foundation
import Testing
import TestSupport

@Suite("The --user label")
struct UserLabelTests {
    @Test("a label that says nothing or drives a terminal is refused", arguments: [
        Named("empty", "", "--user is empty or blank: give the name to record beside your account, or leave --user out"),
        Named("spaces", "   ", "--user is empty or blank: give the name to record beside your account, or leave --user out"),
        Named("a tab", "\t", "--user is empty or blank: give the name to record beside your account, or leave --user out"),
        Named("an escape", "kim\u{1B}[31m", "--user 'kim<0x1B>[31m' holds control characters"),
        Named("a newline", "kim\nroot", "--user 'kim<0x0A>root' holds control characters"),
    ])
    func refused(_ row: Named<String, String>) {
        #expect(UserLabel.problem(row.input) == row.expected)
    }

    @Test("names with spaces and letters beyond ASCII are fine")
    func accepted() {
        #expect(UserLabel.problem("Grace Okafor") == nil)
        #expect(UserLabel.problem("José Ramírez") == nil)
    }
}
