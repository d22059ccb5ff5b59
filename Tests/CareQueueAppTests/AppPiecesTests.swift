import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("Application pieces: history text, the wall's refusal, default paths, ACK codes")
struct AppPiecesTests {
    private func record(_ action: String, _ details: String) -> AuditRecord {
        AuditRecord(seq: 1, at: Fixture.start, user: "kim", action: action, taskID: 1, details: details, hash: nil)
    }

    @Test("an audit row reads as action, outcome, level, target and note", arguments: [
        ("close", #"{"outcome":"reached","note":"Called patient"}"#, "close: reached — Called patient"),
        ("escalate", #"{"level":"2","target":"supervisor Dr C"}"#, "escalate level 2 → supervisor Dr C"),
        ("acknowledge", #"{"note":""}"#, "acknowledge"),
        ("ingest", "not json", "ingest"),
    ])
    func auditText(action: String, details: String, text: String) {
        #expect(DashboardHistory.auditText(record(action, details)) == text)
    }

    @Test("a read-only wall refuses every action before it reaches the store")
    func wallRefuses() {

        var settings = DashboardSettings(clinicName: "C", user: "u", windows: CareQueueConfig.Windows(),
                                         timeZone: .gmt, listener: .off)
        let wall = DashboardWall(opensOnBoard: true, readOnly: true)
        settings = wall.settings(settings, clinic: CareQueueConfig.Clinic())
        #expect(settings.readOnly && settings.opensOnBoard)
        let actions = DashboardWall.actions(Recording(), settings: settings)
        #expect(actions.perform(.acknowledge, onTask: 1, by: "u", at: Fixture.start)
            == .refused("read-only wall screen: nothing can be changed here"))
        settings.readOnly = false
        #expect(DashboardWall.actions(Recording(), settings: settings)
            .perform(.acknowledge, onTask: 1, by: "u", at: Fixture.start) == .done)
    }

    @Test("--kiosk is a read-only board, with or without --board, whose actions are refused too")
    func kioskWall() {

        let plain = DashboardSettings(clinicName: "C", user: "u", timeZone: .gmt, idleLock: 900, accountName: "u")
        let settings = DashboardWall(kiosk: true).settings(plain, clinic: CareQueueConfig.Clinic())
        #expect(settings.kiosk && settings.readOnly && settings.opensOnBoard)
        #expect(settings.idleLock == 900, "the model, not the wall, exempts the kiosk from the lock")
        #expect(DashboardWall.actions(Recording(), settings: settings)
            .perform(.acknowledge, onTask: 1, by: "u", at: Fixture.start) != .done)
        let board = DashboardWall(opensOnBoard: true, readOnly: true).settings(plain, clinic: CareQueueConfig.Clinic())
        #expect(!board.kiosk)
        #expect([DashboardWall(kiosk: true), DashboardWall(opensOnBoard: true), DashboardWall()].map(\.accessMode)
                == ["kiosk", "board", "worklist"], "what dashboard.started records")
    }

    @Test("the default SQLite file: an absolute $XDG_DATA_HOME, else ~/.local/share ($CAREQUEUE_DB: StoreSelection)")
    func defaultPaths() {
        #expect(DefaultPaths.sqliteDatabase(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/carequeue/carequeue.sqlite")
        #expect(DefaultPaths.sqliteDatabase(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"])
            == "/h/.local/share/carequeue/carequeue.sqlite")
        #expect(DefaultPaths.sqliteDatabase(environment: ["CAREQUEUE_DB": "/x/q.sqlite", "HOME": "/h"])
            == "/h/.local/share/carequeue/carequeue.sqlite", "the default is the default, whatever $CAREQUEUE_DB says")
    }

    @Test("an ACK's code is MSA-1; none, or not an ACK, say so")
    func ackCodes() {
        let ack = Array("MSH|^~\\&|CQ|CLINIC|LAB|MAIN|20260101120000||ACK^R01|A1|P|2.5.1\rMSA|AE|C1\r".utf8)
        #expect(OutgoingMessages.ackCode(ack, expecting: "C1") == "AE")
        #expect(OutgoingMessages.ackCode(nil, expecting: "C1") == "NONE")
        #expect(OutgoingMessages.ackCode(Array("garbage".utf8), expecting: "C1") == "INVALID")
        #expect(OutgoingMessages.controlID(of: ack) == "A1")
        #expect(OutgoingMessages.controlID(of: Array("junk".utf8)) == "-")
    }
}

@Suite("tasks show: the story as text")
struct TaskStoryTextTests {
    @Test("a worked task shows its patient, queue, clocks, attempts and the portal suggestion")
    func workedTask() throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .critical))
        _ = try store.act(.attempt(.noAnswer, note: ""), id, by: "sam")
        _ = try store.act(.attempt(.leftMessage, note: "left message"), id, by: "sam")
        var story = try #require(try store.database.taskStory(id: id))
        story.evaluate(at: store.clock.now(), windows: CareQueueConfig.Windows())
        let lines = TaskStoryText.render(story)

        #expect(lines.first == "Task \(id): critical, acknowledged")
        #expect(lines.contains("Patient    Doe, Jan   MRN MRN1   DOB 1980-01-02   phone 555-0100"))
        #expect(lines.contains { $0.hasPrefix("Queue      Dr A (NPI \(Fixture.drA))") })
        #expect(lines.contains("Attempts (2)"))
        #expect(lines.contains { $0.contains("left-message  \"left message\"") })
        #expect(lines.contains { $0.contains("consider a portal message") })
        #expect(lines.contains { $0.hasPrefix("  received        2026-01-01T12:00:00Z") })
    }

    @Test("a claim, a callback and a contact preference read as in the dashboard's detail")
    func workState() throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .critical))
        let now = store.clock.now()
        _ = try store.act(.attempt(.noAnswer, note: "", callbackAt: now.addingTimeInterval(3600)), id, by: "sam")
        try store.database.setContactPreference(.portal, forTaskOf: id, by: "sam", at: now)
        try store.database.claim(task: id, by: "kim", at: now.addingTimeInterval(-125), for: 300)
        var story = try #require(try store.database.taskStory(id: id))
        story.evaluate(at: now, windows: CareQueueConfig.Windows())

        var lines = TaskStoryText.render(story)
        #expect(lines[0] == "Task \(id): critical, acknowledged, callback 2026-01-01T13:00:00Z")
        #expect(lines[1] == "Claimed by kim · 2m ago · 2m left")
        #expect(lines.contains("Patient    Doe, Jan   MRN MRN1   DOB 1980-01-02   phone 555-0100   prefers portal"))

        // An hour on: the callback is due and the claim lapsed.
        story.evaluate(at: now.addingTimeInterval(3600), windows: CareQueueConfig.Windows())
        lines = TaskStoryText.render(story)
        #expect(lines[0] == "Task \(id): critical, acknowledged, callback 2026-01-01T13:00:00Z (due)")
        #expect(!lines.contains { $0.hasPrefix("Claimed by") })
    }

    @Test("an Unassigned task says so, and names an ordering NPI that is not on the roster")
    func unassigned() throws {
        let store = try TestStore.lifecycle()
        let stranger = Fixture.npi("987654321")
        let id = try store.newTask(Fixture.task(1, .routine, provider: stranger))
        let lines = TaskStoryText.render(try #require(try store.database.taskStory(id: id)))

        #expect(lines.contains { $0 == "Queue      Unassigned; ordered by NPI \(stranger) (not on the roster)" })
        #expect(lines.contains("Attempts (0)"))
    }

    @Test("who acted is the label, the account and the roster person the account logs in as")
    func rosterPerson() throws {
        let store = try TestStore.lifecycle()
        var roster = Fixture.fullRoster
        roster[3].login = Fixture.account
        try store.database.importRoster(roster)
        let id = try store.newTask(Fixture.task(1, .critical))
        _ = try store.act(.acknowledge, id, by: "sam")
        let story = try #require(try store.database.taskStory(id: id))

        let lines = TaskStoryText.render(story)
        #expect(lines.contains { $0.contains("  sam (\(Fixture.account) → Coordinator)  ack  ") })
        let history = DashboardHistory.lines(story)
        #expect(history.audit.last?.who == "sam (\(Fixture.account) → Coordinator)")
        // The listener's rows name the lab as the label, and the same account.
        #expect(history.audit.first?.who.hasSuffix(" (\(Fixture.account) → Coordinator)") == true)
    }
}

@Suite("The demo's database")
struct DemoDatabaseTests {
    @Test("the demo database sits beside the configured one, and never is it")
    func path() throws {
        #expect(try DemoDatabase.path(beside: "/srv/cq/carequeue.sqlite") == "/srv/cq/demo.sqlite")
        #expect(throws: CommandFailure.self) { try DemoDatabase.path(beside: "/srv/cq/demo.sqlite") }
    }

    @Test("seeding without SampleData imports the built-in roster and a coverage in force")
    func seedBuiltIn() throws {
        let directory = try TestPaths.temporaryDirectory("demo-seed")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo.sqlite").path
        let (roster, signer) = try DemoDatabase.seed(path, from: nil, config: CareQueueConfig(), account: "demo.user")
        let database = try CareQueueDatabase(path: path, access: .readOnly)

        #expect(roster.map(\.npi) == DemoDatabase.builtInRoster.map(\.npi))
        #expect(try database.providers().count == DemoDatabase.builtInRoster.count)
        #expect(roster.allSatisfy { NPI.isValid($0.npi) })
        // The demo's account signs as the physician at the top of the roster, so `s` works there.
        #expect(signer == "Dr Bo Okafor")
        #expect(try database.providers().filter { $0.login == "demo.user" }.map(\.name) == ["Dr Bo Okafor"])
    }

    @Test("the demo's account takes a physician's login from whoever held it")
    func signingAs() {
        let roster = [Provider(npi: "1", name: "Dr Top", role: .physician),
                      Provider(npi: "2", name: "Kim", role: .coordinator, login: "kim")]
        let (mapped, signer) = DemoDatabase.signingAs("kim", in: roster)
        #expect(signer == "Dr Top")
        #expect(mapped.map(\.login) == ["kim", nil])
        #expect(DemoDatabase.signingAs("bad name", in: roster).1 == nil, "not an account name: nothing mapped")
    }
}

/// Writes that all succeed: what a wall must not let through.
private struct Recording: DashboardWrites {
    func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome { .done }
    func undoLatestAction(onTask id: Int64, by user: String, at now: Date) -> ActionOutcome { .done }
    func reopen(task id: Int64, note: String, by user: String, at now: Date) -> ActionOutcome { .done }
    func addNote(_ note: String, toTask id: Int64, by user: String, at now: Date) -> ActionOutcome { .done }
    func setContactPreference(_ preference: ContactPreference, forTaskOf id: Int64, by user: String,
                              at now: Date) -> ActionOutcome { .done }
    func claim(task id: Int64, by user: String, at now: Date, purpose: ClaimPurpose) {}
    func perform(_ action: ReviewAction, onMessage id: Int64, by user: String, at now: Date) -> ReviewActionOutcome {
        .done("done")
    }
}
