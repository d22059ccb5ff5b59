import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueTUI
import Foundation

/// `--board` and `--read-only`: the dashboard as a wall screen for the charge nurse.
struct DashboardWallOptions: ParsableArguments {
    @Flag(help: "Open on the charge-nurse board (queue × tier, most overdue first).")
    var board = false

    @Flag(help: "A wall screen: no key changes data (ack, attempt, close, reassign and tagging are refused).")
    var readOnly = false

    var wall: DashboardWall { DashboardWall(opensOnBoard: board, readOnly: readOnly) }
}
