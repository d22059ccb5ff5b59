import Foundation
import Synchronization

/// Runs the listener through a schedule of SIGKILLs while the senders deliver, then stops it cleanly.
///
/// ```
/// spawn #1 ─ listening ─ moment ─ SIGKILL ─ spawn #2 ─ … ─ SIGKILL ─ spawn #N+1 ─ listening
///    senders: send ─ ACK ─ send ─ (connection lost) ─ resend the same bytes to the new port ─ ACK …
/// final: senders finish their message in flight ─ SIGTERM (drain) ─ exit 0
/// ```
struct KillLoop: Sendable {
    /// What the loop did.
    struct Report: Sendable {
        var kills: [KillMoment.Kind: Int] = [:]
        var totalKills: Int { kills.values.reduce(0, +) }
        /// From the first spawn to the final clean stop.
        var duration: Duration = .zero
        /// How the final listener ended after SIGTERM, and whether it needed SIGKILL.
        var finalStop: ChildProcess.Termination?
        var stoppedCleanly = false
    }

    /// Why the loop could not go on; the database is kept for inspection.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let schedule: [KillMoment]
    /// What follows `listen`: database, configuration, port 0.
    let listenArguments: [String]
    let log: String
    let ledger: KillTestLedger
    let control: KillTestControl
    /// The listener now running, for the interrupt handler.
    let current: CurrentListener
    var startLimit: Duration = .seconds(30)
    var progressEvery = 0
    var acknowledgementLimit: Duration = .seconds(10)

    /// Kills and restarts as scheduled with `senders` sending, then stops the last listener with SIGTERM.
    func run(senders: [KillTestSender]) async throws -> Report {
        let started = ContinuousClock.now
        var report = Report()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in senders {
                group.addTask { [control] in
                    defer { control.senderFinished() }
                    do {
                        try await sender.run()
                    } catch {
                        control.abort()
                        throw error
                    }
                }
            }
            do {
                for (index, moment) in schedule.enumerated() where !control.isAborted {
                    try await killOnce(number: index + 1, at: moment)
                    report.kills[moment.kind, default: 0] += 1
                    if progressEvery > 0, (index + 1) % progressEvery == 0, index + 1 < schedule.count {
                        let seconds = Double((ContinuousClock.now - started).components.seconds)
                        print("  … \(index + 1)/\(schedule.count) kills, \(ledger.acknowledged) acknowledged, \(Int(seconds)) s")
                    }
                }
                // A sender that failed aborted the run: its error comes out of the group below.
                if !control.isAborted {
                    let final = try await start(number: schedule.count + 1)
                    control.finishSending()
                    try await waitForSenders(while: final)
                    let stop = await final.process.terminate(grace: .seconds(30))
                    current.set(nil)
                    report.finalStop = stop.termination
                    report.stoppedCleanly = stop.clean && stop.termination == .exited(0)
                }
            } catch {
                control.abort()
                if let running = current.take() { await running.killAndReap() }
                throw error
            }
            try await group.waitForAll()
        }
        report.duration = ContinuousClock.now - started
        return report
    }

    /// One incarnation: spawn it, wait for its moment, SIGKILL it.
    private func killOnce(number: Int, at moment: KillMoment) async throws {
        let incarnation: ListenerIncarnation
        if case .duringStartup(let delay) = moment {
            incarnation = try ListenerIncarnation.spawn(number: number, arguments: listenArguments, log: log)
            current.set(incarnation.process)
            try await Task.sleep(for: delay)
        } else {
            incarnation = try await start(number: number)
            try await wait(for: moment)
        }
        if let ended = incarnation.process.termination {
            throw Failure(description: "listener incarnation \(number) ended by itself (\(ended)) before its kill\n"
                + "--- listener log (tail) ---\n" + ListenerIncarnation.tail(of: log))
        }
        guard await incarnation.process.killAndReap() != nil else {
            throw Failure(description: "listener incarnation \(number) (pid \(incarnation.process.pid)) survived SIGKILL for 10 s")
        }
        control.down()
        current.set(nil)
    }

    /// Spawns incarnation `number`, waits for `listening on`, and points the senders at it.
    private func start(number: Int) async throws -> ListenerIncarnation {
        let incarnation = try ListenerIncarnation.spawn(number: number, arguments: listenArguments, log: log)
        current.set(incarnation.process)
        let port = try await incarnation.waitUntilListening(within: startLimit)
        control.listening(on: port)
        return incarnation
    }

    private func wait(for moment: KillMoment) async throws {
        switch moment {
        case .duringStartup, .rightAfterStart:
            return
        case .duringConnectionSetup(let delay), .afterDelay(let delay):
            try await Task.sleep(for: delay)
        case .afterAcknowledgements(let count):
            let target = ledger.acknowledged + count
            let deadline = ContinuousClock.now + acknowledgementLimit
            while ledger.acknowledged < target, !control.isAborted {
                guard ContinuousClock.now < deadline else {
                    throw Failure(description: "no progress: fewer than \(count) messages acknowledged within \(acknowledgementLimit)\n"
                        + "--- listener log (tail) ---\n" + ListenerIncarnation.tail(of: log))
                }
                try await Task.sleep(for: .microseconds(200))
            }
        }
    }

    /// Waits until every sender has delivered its last message, failing if the final listener dies first.
    private func waitForSenders(while final: ListenerIncarnation) async throws {
        while control.sendersRunning > 0, !control.isAborted {
            if let ended = final.process.termination {
                throw Failure(description: "the final listener ended (\(ended)) while the senders finished\n"
                    + "--- listener log (tail) ---\n" + ListenerIncarnation.tail(of: log))
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// The listener child running now, if any: what an interrupt must not leave behind.
final class CurrentListener: Sendable {
    private let process = Mutex<ChildProcess?>(nil)

    func set(_ child: ChildProcess?) { process.withLock { $0 = child } }

    /// The running child, forgotten here.
    func take() -> ChildProcess? { process.withLock { process in defer { process = nil }; return process } }
}
