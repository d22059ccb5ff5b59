import CareQueueCore
import CareQueueStore

/// What the database should hold given the ACKs the senders received, and where it does not.
///
/// The oracle of Jepsen's "lost acknowledged writes", per message:
/// - got AA: stored exactly once as accepted (sender + control id), never in the review list, and
///   each of its orders applied exactly once to the one task of that order (an audited
///   `task.created`/`task.updated` naming its control id); the task's latest control id is the
///   last acknowledged message of that order, so an update was not lost behind an older state;
/// - got AE: in the review list with a reason, at most once per transmission, never accepted;
/// - every answer is the one the message was built for (AA for good ones, AE for those without an
///   MRN) and names the message's own control id;
/// - nothing is stored that no sender sent.
struct KillTestReconciliation: Sendable, Equatable {
    /// Control ids that got AA but are not stored as accepted.
    var lost: [String] = []
    /// Control ids stored more than once as accepted, applied more than once to a task, or whose
    /// order has more than one task.
    var duplicated: [String] = []
    /// AA'd control ids one of whose orders has no task, or no audited change naming the message.
    var missingTasks: [String] = []
    /// Orders whose task does not show their last acknowledged message.
    var staleTasks: [String] = []
    /// Control ids that got AE but are not in the review list (with a reason), or more often than sent.
    var refusedNotReviewed: [String] = []
    /// Control ids answered other than expected: AR, no ACK, AA/AE swapped, another message's MSA-2.
    var unexpectedAnswers: [String] = []
    /// Stored rows no answer explains: unknown control ids, accepted ones that got AE, refused ones that got AA.
    var unexplained: [String] = []

    /// Orders whose task was checked.
    var ordersChecked = 0
    /// Refused messages listed more than once because a resend after a lost AE was refused again (allowed).
    var refusedListedAgain = 0
    /// Resends of messages already stored, answered AA as duplicates: kills that fell between a
    /// commit and its ACK reaching the sender.
    var duplicateDeliveries = 0

    /// True when nothing acknowledged was lost, nothing doubled and every refusal is in review.
    var passed: Bool {
        lost.isEmpty && duplicated.isEmpty && missingTasks.isEmpty && staleTasks.isEmpty
            && refusedNotReviewed.isEmpty && unexpectedAnswers.isEmpty && unexplained.isEmpty
    }

    /// Each failed check with its count and first few offenders (synthetic ids: safe to print).
    func failures(showing count: Int = 5) -> [String] {
        let checks: [(String, [String])] = [
            ("lost (AA'd but not stored)", lost), ("duplicated", duplicated),
            ("acknowledged without their task", missingTasks), ("tasks missing their latest update", staleTasks),
            ("refused but not in the review list", refusedNotReviewed), ("unexpected answers", unexpectedAnswers),
            ("stored but never answered so", unexplained),
        ]
        return checks.filter { !$0.1.isEmpty }.map { name, ids in
            "\(name): \(ids.count), first: \(ids.prefix(count).joined(separator: ", "))"
        }
    }

    private struct MessageKey: Hashable {
        var sender: SenderID
        var controlID: String
    }

    /// Compares `answers` (every message the senders delivered) with what `stored` holds.
    static func check(_ answers: [AnsweredMessage], against stored: KillTestSnapshot) -> KillTestReconciliation {
        var result = KillTestReconciliation()
        result.duplicateDeliveries = stored.duplicateDeliveries
        var accepted: [MessageKey: Int] = [:]
        var refused: [MessageKey: [KillTestSnapshot.Message]] = [:]
        for row in stored.messages {
            guard let sender = row.sender, let controlID = row.controlID else {
                result.unexplained.append("message row \(row.id)")
                continue
            }
            let key = MessageKey(sender: sender, controlID: controlID)
            if row.isAccepted { accepted[key, default: 0] += 1 } else { refused[key, default: []].append(row) }
        }

        var answered: [MessageKey: AnsweredMessage] = [:]
        for answer in answers {
            let message = answer.message
            let key = MessageKey(sender: message.sender, controlID: message.controlID)
            if answered.updateValue(answer, forKey: key) != nil {
                result.unexpectedAnswers.append("\(message.controlID) (answered twice: two messages share it)")
            }
            let expected = message.expectsAcceptance ? "AA" : "AE"
            if answer.ackCode != expected || answer.answeredControlID != message.controlID {
                result.unexpectedAnswers.append("\(message.controlID) (\(answer.ackCode) for \(answer.answeredControlID))")
            }
            let acceptedRows = accepted[key] ?? 0
            let reviewRows = refused[key] ?? []
            switch answer.ackCode {
            case "AA":
                if acceptedRows == 0 { result.lost.append(message.controlID) }
                if acceptedRows > 1 { result.duplicated.append(message.controlID) }
                if !reviewRows.isEmpty { result.unexplained.append("\(message.controlID) (AA'd, in review)") }
            case "AE":
                let reasoned = reviewRows.filter { $0.ackCode == "AE" && !($0.reason ?? "").isEmpty }
                if reasoned.isEmpty || reviewRows.count > answer.transmissions {
                    result.refusedNotReviewed.append(message.controlID)
                }
                if reviewRows.count > 1 { result.refusedListedAgain += 1 }
                if acceptedRows > 0 { result.unexplained.append("\(message.controlID) (AE'd, stored as accepted)") }
            default:
                break
            }
        }
        for key in Set(accepted.keys).union(refused.keys) where answered[key] == nil {
            result.unexplained.append(key.controlID)
        }
        result.checkTasks(answers, stored)
        for name in [\KillTestReconciliation.lost, \.duplicated, \.missingTasks, \.staleTasks, \.refusedNotReviewed,
                     \.unexpectedAnswers, \.unexplained] {
            result[keyPath: name].sort()
        }
        return result
    }

    /// Each AA'd message's orders against the tasks and their audited changes.
    private mutating func checkTasks(_ answers: [AnsweredMessage], _ stored: KillTestSnapshot) {
        var tasksByOrder: [OrderIdentity: [KillTestSnapshot.Task]] = [:]
        for task in stored.tasks {
            let identity = OrderIdentity(sender: task.sender, fillerNumber: task.fillerNumber,
                                         placerNumber: task.placerNumber, serviceCode: task.serviceCode)
            tasksByOrder[identity, default: []].append(task)
        }
        struct Applied: Hashable {
            var taskID: Int64
            var controlID: String
        }
        var applied: [Applied: Int] = [:]
        for change in stored.taskChanges {
            applied[Applied(taskID: change.taskID, controlID: change.controlID ?? ""), default: 0] += 1
        }
        let messageControlIDs = Dictionary(stored.messages.map { ($0.id, $0.controlID) }, uniquingKeysWith: { a, _ in a })

        // The last acknowledged message of each order: one sender sends an order's messages one after another.
        var latest: [OrderIdentity: OutgoingMessage] = [:]
        var missing: Set<String> = []
        var doubled: Set<String> = []
        for answer in answers where answer.ackCode == "AA" {
            let message = answer.message
            for order in message.orders {
                if let previous = latest[order], previous.sequence > message.sequence { continue }
                latest[order] = message
            }
            for order in message.orders {
                let tasks = tasksByOrder[order] ?? []
                guard tasks.count == 1, let task = tasks.first else {
                    if tasks.isEmpty { missing.insert(message.controlID) } else { doubled.insert(message.controlID) }
                    continue
                }
                switch applied[Applied(taskID: task.id, controlID: message.controlID)] ?? 0 {
                case 0: missing.insert(message.controlID)
                case 1: break
                default: doubled.insert(message.controlID)
                }
            }
        }
        for (order, message) in latest {
            ordersChecked += 1
            guard let task = tasksByOrder[order]?.first else { continue }  // already counted as missing
            if task.latestControlID != message.controlID || messageControlIDs[task.latestMessageID] != message.controlID {
                staleTasks.append("\(order) (task shows \(task.latestControlID), last AA \(message.controlID))")
            }
        }
        missingTasks += missing
        duplicated += doubled.subtracting(duplicated)
    }
}
