import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueTUI
import Foundation

/// `--board`, `--read-only` and `--kiosk`: the dashboard as a wall screen for the charge nurse.
struct DashboardWallOptions: ParsableArguments {
    @Flag(help: "Open on the charge-nurse board (queue × tier, most overdue first).")
    var board = false

    @Flag(help: "A wall screen: no key changes data (ack, attempt, close, reassign and tagging are refused).")
    var readOnly = false

    @Flag(help: "A kiosk wall board (implies --board and --read-only): counts and provider names only, no drill-down, find or raw messages, no automatic lock; q does nothing, Ctrl-C on this machine ends it.")
    var kiosk = false

    var wall: DashboardWall { DashboardWall(opensOnBoard: board, readOnly: readOnly, kiosk: kiosk) }
}
