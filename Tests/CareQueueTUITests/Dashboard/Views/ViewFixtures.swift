import CareQueueCore
import CareQueueTUI
import Foundation

/// Fixed data for the board, review list, filter and reassign picker, beside `DashboardFixture`.
enum ViewFixture {
    static let now = DashboardFixture.now
    static let chen = DashboardFixture.chen
    static let okafor = DashboardFixture.okafor
    static let park = DashboardFixture.park

    /// Deliberately unsorted: the board sorts.
    static let boardRows: [BoardRow] = [
        BoardRow(key: .provider(npi: okafor), name: "Dr Bo Okafor", urgency: .routine, open: 1, dueSoon: 1, waiting: 1),
        BoardRow(key: .provider(npi: chen), name: "Dr Ada Chen", urgency: .abnormal, open: 3, overdue: 1, escalated: 1,
                 waiting: 2),
        BoardRow(key: .unassigned, name: "Unassigned", urgency: .routine, open: 1, escalated: 1, waiting: 1),
        BoardRow(key: .provider(npi: chen), name: "Dr Ada Chen", urgency: .critical, open: 2, overdue: 2, escalated: 2,
                 waiting: 2, levelTwo: 1),
        BoardRow(key: .provider(npi: chen), name: "Dr Ada Chen", urgency: .routine, open: 2, dueSoon: 1, waiting: 2),
    ]

    /// Twelve hours of arrivals and closures, and 3 of 4 decided criticals acknowledged in time.
    static let boardFigures = BoardFigures(receivedPerHour: [0, 1, 2, 4, 8, 12, 9, 6, 3, 2, 1, 5],
                                           closedPerHour: [0, 0, 1, 2, 3, 6, 8, 7, 5, 3, 2, 1],
                                           criticalInWindow: 3, criticalDecided: 4)

    static let reviewItems: [ReviewItem] = [
        ReviewItem(id: 7, receivedAt: now.addingTimeInterval(-3600), sender: "LAB^HOSP", controlID: "MSG0007",
                   ackCode: "AE", reason: "no patient identifier (PID-3)", peer: "127.0.0.1:50000", errorCode: 101,
                   location: "PID^1^3"),
        ReviewItem(id: 9, receivedAt: now.addingTimeInterval(-600), sender: "", controlID: nil, ackCode: "AR",
                   reason: "not an HL7 message", peer: "10.0.0.9:41000", errorCode: 100, location: ""),
    ]

    /// MLLP-framed, with a Latin-1 byte and a bell.
    static let rawMessage: [UInt8] = [0x0B] + Array("MSH|^~\\&|LAB|HOSP|CQ|CLINIC|20260301120000||ORU^R01|MSG0007|P|2.5.1\r".utf8)
        + Array("PID|1||^^^HOSP^MR||M".utf8) + [0xFC] + Array("ller^Anna\u{07}\r".utf8) + [0x1C, 0x0D]

    static let candidates: [Provider] = [
        Provider(npi: chen, name: "Dr Ada Chen", role: .physician),
        Provider(npi: okafor, name: "Dr Bo Okafor", role: .physician),
        Provider(npi: park, name: "Nia Park, NP", role: .np),
    ]

    static func data() -> FakeViewData { FakeViewData() }

    /// The dashboard on Dr Chen's queue, second row selected, with the view data loaded.
    static func state(size: GridSize, cursor: Int = 1, settings: DashboardSettings = DashboardFixture.settings) -> DashboardState {
        var state = DashboardFixture.state(size: size, cursor: cursor)
        state.settings = settings
        _ = Dashboard.update(&state, .candidatesLoaded(candidates))
        return state
    }

    /// Feeds the load effects among `effects` through `data`, as the runtime would.
    static func run(_ effects: [DashboardEffect], on state: inout DashboardState, data: FakeViewData = FakeViewData()) {
        for effect in effects {
            let event: DashboardEvent?
            switch effect {
            case .loadBoard: event = .boardLoaded(try! data.boardRows(at: state.now))
            case .loadBoardFigures(let dayStart):
                event = .boardFiguresLoaded(try! data.boardFigures(at: state.now, hours: Board.trendHours, dayStart: dayStart))
            case .loadReview: event = .reviewLoaded(try! data.reviewItems())
            case .loadRawMessage(let id): event = .rawMessageLoaded(id: id, try! data.rawMessage(id: id))
            case .loadCandidates:
                event = .candidatesLoaded(try! data.reassignCandidates(), coverage: try! data.coverage(activeAt: state.now))
            case .loadMatches(let text, let closed, let offset, let limit):
                let found = try! data.tasks(matching: text, includingClosed: closed, offset: offset, limit: limit,
                                            at: state.now)
                event = .matchesLoaded(text: text, closed: closed, found.page(key: state.selectedQueue, offset: offset))
            case .loadWorklist(let filter, let offset, let limit):
                event = .worklistLoaded(try! data.worklist(filter, account: state.settings.user, offset: offset,
                                                           limit: limit, at: state.now))
            case .loadAwaiting(let scope, let offset, let limit):
                event = .awaitingLoaded(try! data.awaiting(scope, offset: offset, limit: limit, at: state.now))
            case .loadPage(let key, let offset, let limit):
                event = .pageLoaded(try! DashboardFixture.data().queuePage(key, offset: offset, limit: limit, at: state.now))
            default: event = nil
            }
            if let event { run(Dashboard.update(&state, event), on: &state, data: data) }
        }
    }

    /// `keys` pressed in turn, their loads answered; returns every effect asked for.
    @discardableResult
    static func press(_ keys: [Key], on state: inout DashboardState) -> [DashboardEffect] {
        var all: [DashboardEffect] = []
        for key in keys {
            let effects = Dashboard.update(&state, .keyPressed(key))
            all += effects
            run(effects, on: &state)
        }
        return all
    }
}

/// The view reads, from the fixture's arrays.
final class FakeViewData: DashboardViewData, @unchecked Sendable {
    func boardRows(at now: Date) throws -> [BoardRow] { ViewFixture.boardRows }

    func boardFigures(at now: Date, hours: Int, dayStart: Date) throws -> BoardFigures { ViewFixture.boardFigures }

    func reviewItems() throws -> [ReviewItem] { ViewFixture.reviewItems }

    func rawMessage(id: Int64) throws -> [UInt8]? { id == 7 ? ViewFixture.rawMessage : nil }

    /// Counting stops at this many matches, as the store's does (at a larger number).
    var countLimit = Int.max

    /// Closed tasks find reaches with Tab (none unless a test puts some here).
    var closed: [TaskListItem] = []

    /// The store's matching (the same folded document), over the fixture's arrays: open tasks,
    /// then closed ones when asked for and the text is long enough.
    func tasks(matching text: String, includingClosed: Bool, offset: Int, limit: Int, at now: Date) throws -> FoundTasks {
        let all = DashboardFixture.unassignedTasks + DashboardFixture.chenTasks + DashboardFixture.okaforTasks
        let needle = SearchText.needle(text)
        let open = all.filter { Self.document($0).contains(needle) }
        guard includingClosed, SearchText.searchesClosed(text) else {
            return FoundTasks(total: min(open.count, countLimit), totalIsLowerBound: open.count > countLimit,
                              rows: Array(open.dropFirst(offset).prefix(limit)))
        }
        let closed = closed.filter { Self.document($0).contains(needle) }
        return FoundTasks(total: open.count + closed.count, rows: Array((open + closed).dropFirst(offset).prefix(limit)),
                          split: MatchSplit(open: MatchCount(open.count), closed: MatchCount(closed.count)))
    }

    private static func document(_ task: TaskListItem) -> String {
        let name = task.patient.components(separatedBy: ", ")
        return SearchText.document(mrn: task.mrn, family: name[0], given: name.count > 1 ? name[1] : "", test: task.test)
    }

    func reassignCandidates() throws -> [Provider] { ViewFixture.candidates }

    /// No one is away unless a test says so.
    var coverage: [Coverage] = []

    func coverage(activeAt now: Date) throws -> [Coverage] { coverage.filter { $0.isActive(at: now) } }

    /// The orders awaiting their result (`AwaitingFixture`'s unless a test says otherwise).
    var awaitingItems = AwaitingFixture.items

    /// The queues "jdoe" works, as the roster would say (Dr Okafor's and Unassigned).
    var worked: [QueueKey] = [.provider(npi: DashboardFixture.okafor), .unassigned]

    func worklist(_ filter: WorklistFilter, account: String, offset: Int, limit: Int, at now: Date) throws -> WorklistPage {
        let mine = account == "jdoe" ? worked : []
        let scope = filter.queue.map { [$0] } ?? (filter.mine && !mine.isEmpty ? mine : nil)
        let all = (DashboardFixture.unassignedTasks + DashboardFixture.chenTasks + DashboardFixture.okaforTasks)
            .filter { task in
                let key = task.assignedNPI.map { QueueKey.provider(npi: $0) } ?? .unassigned
                return task.status != .closed && (scope?.contains(key) ?? true) && (filter.tier.map { $0 == task.urgency } ?? true)
            }
            // The store's order: critical first, then due soonest, stopped clocks last, then id.
            .sorted { ($0.urgency != .critical ? 1 : 0, $0.dueAt == nil ? 1 : 0, $0.dueAt ?? .distantFuture, $0.id)
                < ($1.urgency != .critical ? 1 : 0, $1.dueAt == nil ? 1 : 0, $1.dueAt ?? .distantFuture, $1.id) }
        return WorklistPage(filter: filter, found: FoundTasks(total: all.count, rows: Array(all.dropFirst(offset).prefix(limit))),
                            myQueues: mine)
    }
}
