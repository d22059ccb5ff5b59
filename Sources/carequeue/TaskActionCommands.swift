import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueStore
import Foundation

/// `carequeue tasks ack ID`: the first action on a task; stops the critical and abnormal clocks.
struct TasksAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge a task (stops a critical or abnormal task's clock).")

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Task id (see `tasks list`).") var id: Int64

    func run() async throws {
        let outcome = try TaskAction.perform(.acknowledge, on: id, common: common, actor: actor)
        print("task \(id) acknowledged by \(outcome.user)\(TaskAction.consequences(outcome.result))")
    }
}

/// `carequeue tasks attempt ID --outcome … [--note T]`: a call that did not reach the patient.
struct TasksAttemptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attempt", abstract: "Record a failed call attempt.",
        discussion: """
            The first attempt also acknowledges the task. After two failed attempts a portal message is suggested.
            --callback-at sets when to call back (replacing the last attempt's); without it there is none. \
            next-opening is the clinic's next opening ([clinic] hours, business_days, holidays) strictly after now.
            """)

    enum Outcome: String, CaseIterable, ExpressibleByArgument {
        case noAnswer = "no-answer", leftMessage = "left-message", wrongNumber = "wrong-number"
    }

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Task id (see `tasks list`).") var id: Int64
    @Option(help: "no-answer, left-message or wrong-number.") var outcome: Outcome
    @Option(help: "What happened.") var note: String = ""
    @Option(help: ArgumentHelp("When to call back: an ISO 8601 time (local unless it names a zone), HH:MM (the next such time), or next-opening.",
                               valueName: "time"))
    var callbackAt: String?

    func run() async throws {
        let attempt = AttemptOutcome(rawValue: outcome.rawValue)!
        let config = try common.loadConfiguration()
        let now = Date()
        let callback = try callbackAt.map { try Self.callback($0, clinic: config.clinic, now: now) }
        let done = try TaskAction.perform(.attempt(attempt, note: note, callbackAt: callback), on: id,
                                          common: common, actor: actor)
        let after = done.result.after
        var line = "task \(id): attempt \(after.failedAttempts) recorded (\(attempt.rawValue)) by \(done.user)"
        line += TaskAction.consequences(done.result)
        if let callback { line += "; callback at \(Timestamp.iso(callback))" }
        if after.suggestsPortalMessage {
            line += "; \(after.failedAttempts) failed attempts: consider a portal message "
                + "(tasks close \(id) --outcome portal-message --note …)"
        }
        print(line)
    }
}

extension TasksAttemptCommand {
    /// The instant `--callback-at` names, or a usage error saying what is wrong with it.
    static func callback(_ text: String, clinic: CareQueueConfig.Clinic, now: Date) throws -> Date {
        let zone = TimeZone.current
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "next-opening" {
            guard let opening = ClinicCalendar(clinic, timeZone: zone).nextOpening(after: now) else {
                throw ValidationError("--callback-at next-opening: the clinic does not open in the next \(ClinicCalendar.searchDays) days ([clinic] business_days and holidays)")
            }
            return opening
        }
        switch CallbackTimeInput.parse(text, now: now, timeZone: zone) {
        case .success(let instant): return instant
        case .failure(let refusal): throw ValidationError("--callback-at: \(refusal.description), or next-opening")
        }
    }
}

/// `carequeue tasks close ID --outcome … --note T`
struct TasksCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a task with its outcome and a note.",
        discussion: "The note documents the follow-up; for not-needed it says why the follow-up is not needed.")

    enum Outcome: String, CaseIterable, ExpressibleByArgument {
        case reached, portalMessage = "portal-message", notNeeded = "not-needed"
        // A missing result's (`tasks show` says "Result not received").
        case labContacted = "lab-contacted", recollected, patientDidNotGo = "patient-did-not-go", cancelled
    }

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Task id (see `tasks list`).") var id: Int64
    @Option(help: "A result: reached, portal-message or not-needed. A missing result: lab-contacted, recollected, patient-did-not-go or cancelled.")
    var outcome: Outcome
    // Optional to the parser so a missing note gets the lifecycle's own explanation.
    @Option(help: "Required: the follow-up, or for not-needed the reason.") var note: String?

    func run() async throws {
        let close = CloseOutcome(rawValue: outcome.rawValue)!
        let done = try TaskAction.perform(.close(close, note: note ?? ""), on: id, common: common, actor: actor)
        print("task \(id) closed (\(close.rawValue)) by \(done.user)\(TaskAction.consequences(done.result))")
    }
}

/// `carequeue tasks reassign ID --to NPI --note T`
struct TasksReassignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign", abstract: "Move a task to another provider's queue.",
        discussion: "The provider must be on the roster with a result queue (physician, np, pa). Coverage changes never move a reassigned task back.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Task id (see `tasks list`).") var id: Int64
    @Option(help: "NPI of the receiving provider.") var to: String
    @Option(help: "Required: a note for the receiving provider.") var note: String?

    func run() async throws {
        let done = try TaskAction.perform(.reassign(toNPI: to, note: note ?? ""), on: id, common: common, actor: actor)
        print("task \(id) reassigned to \(done.result.assignedName ?? to) (\(to)) by \(done.user)")
    }
}

/// `carequeue tasks signoff ID [--note T]`: a provider signs off a result they reviewed.
struct TasksSignoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signoff", abstract: "Sign off a result as its provider (releases it for patient contact).",
        discussion: """
            Counts only when this process's operating-system account is a roster login of a physician, NP or PA who \
            is the task's ordering, assigned or covering provider, or the supervisor of one of them. --user is a label \
            and grants nothing. With [workflow] signoff_required, results of those tiers cannot be called about or \
            closed until signed off.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Task id (see `tasks list`).") var id: Int64
    @Option(help: "What the provider wants done (optional).") var note: String = ""

    func run() async throws {
        let done = try TaskAction.perform(.signOff(note: note), on: id, common: common, actor: actor)
        let signer = done.result.after.signoff.signed.map { "\($0.providerName) (NPI \($0.npi))" } ?? done.user
        print("task \(id) signed off by \(signer), account \(ProcessAccount.current)\(TaskAction.consequences(done.result))")
    }
}

extension TaskAction {
    /// Opens the store, applies `action` to task `id` now, and turns refusals into one-line failures.
    static func perform(_ action: TaskAction, on id: Int64, common: CommonOptions,
                        actor: ActorOptions) throws -> (result: TaskActionOutcome, user: String) {
        let user = try actor.name()
        let (_, database) = try ConfiguredStore.openForWriting(common)
        let result = try StoreAccess.run { try database.perform(action, onTask: id, by: user, at: Date()) }
        return (result, user)
    }

    /// "; clock stopped" when the action stopped the tier's clock, and "; written back to the EHR as
    /// outbox 7" when `[outbound]` queued a message for it.
    static func consequences(_ outcome: TaskActionOutcome) -> String {
        (outcome.stoppedClock ? "; clock stopped" : "")
            + (outcome.outboxID.map { "; written back to the EHR as outbox \($0) (carequeue outbox show \($0))" } ?? "")
    }
}
