@testable import CareQueueTUI
import CareQueueCore
import Foundation
import Testing

/// The cells of row `y` drawn in `role`, as text.
private func text(_ grid: CellGrid, row y: Int, role: StyleRole) -> String {
    grid.row(y).filter { $0.role == role }.map(\.text).joined()
}

@Suite("The outbox on the dashboard: header, ticker, detail")
struct OutboxViewTests {
    static let wide = GridSize(width: 120, height: 40)
    static let narrow = GridSize(width: 80, height: 24)

    struct HeaderCase: CustomTestStringConvertible, Sendable {
        var name: String
        var outbox: OutboxSummary
        var shown: String
        var role: StyleRole
        var testDescription: String { name }
    }

    static let headerCases = [
        HeaderCase(name: "closures waiting out the undo window: plain", outbox: OutboxFixture.routine,
                   shown: "⇢ 3 waiting, oldest 2m", role: .header),
        HeaderCase(name: "the EHR silent, one refused: a warning", outbox: OutboxFixture.alarming,
                   shown: "⇢ EHR unreachable 5m, 3 waiting, 1 failed", role: .headerWarning),
        HeaderCase(name: "one refused, the EHR answering: a warning", outbox: OutboxSummary(failed: 1),
                   shown: "⇢ 1 failed", role: .headerWarning),
    ]

    @Test("at 120 columns the header shows the outbox in full, in a role by how bad it is", arguments: headerCases)
    func headerAt120(_ header: HeaderCase) {
        let grid = DashboardView.render(OutboxFixture.state(header.outbox, size: Self.wide), size: Self.wide)
        #expect(grid.text(row: 0).contains("review 2  \(header.shown)  14:05:09"))
        #expect(text(grid, row: 0, role: header.role).contains(header.shown))
    }

    @Test("nothing waiting or failed: the header says nothing about the outbox")
    func headerQuiet() {
        let quiet = DashboardView.render(OutboxFixture.state(OutboxSummary(), size: Self.wide), size: Self.wide)
        let before = DashboardView.render(DashboardFixture.state(size: Self.wide), size: Self.wide)
        #expect(!quiet.text(row: 0).contains("⇢"))
        #expect(quiet.text(row: 0) == before.text(row: 0))
    }

    @Test("at 80 columns an unreachable EHR shortens to 'EHR down' and pushes out the feed's details, never the clock, listener or review count")
    func headerAt80Alarming() {
        let grid = DashboardView.render(OutboxFixture.state(OutboxFixture.alarming, size: Self.narrow), size: Self.narrow)
        let header = grid.text(row: 0)
        #expect(header == " Clinic North            ● up 127.0.0.1:2575  review 2  ⇢ EHR down 5m  14:05:09 ")
        #expect(text(grid, row: 0, role: .headerWarning) == "⇢ EHR down 5m")
    }

    @Test("at 80 columns closures merely waiting give way: the header is what it was without them")
    func headerAt80Routine() {
        let waiting = DashboardView.render(OutboxFixture.state(OutboxFixture.routine, size: Self.narrow), size: Self.narrow)
        let before = DashboardView.render(DashboardFixture.state(size: Self.narrow), size: Self.narrow)
        #expect(waiting.text(row: 0) == before.text(row: 0))
    }

    @Test("at every width the dashboard runs at (80 columns up) the alarm shows in some form and the clock and clinic stay whole")
    func headerAtEveryWidth() {
        for width in 80...200 {
            let size = GridSize(width: width, height: 24)
            var grid = CellGrid(width: width, height: 1)
            HeaderView.draw(OutboxFixture.state(OutboxFixture.alarming, size: size), in: Rect(x: 0, y: 0, width: width, height: 1),
                            on: &grid)
            let line = grid.text(row: 0)
            #expect(line.hasPrefix(" Clinic North"), "at \(width)")
            #expect(line.hasSuffix(" 14:05:09 "), "at \(width)")
            #expect(line.contains("⇢ EHR"), "at \(width)")
        }
    }

    @Test("the shorter forms keep the most urgent words first, each shorter than the one before")
    func headerForms() {
        let forms = OutboxHeaderText.forms(OutboxFixture.alarming, at: OutboxFixture.now)
        #expect(forms == ["⇢ EHR unreachable 5m, 3 waiting, 1 failed", "⇢ EHR unreachable 5m, 1 failed",
                          "⇢ EHR down 5m, 1 failed", "⇢ EHR down 5m"])
        #expect(zip(forms, forms.dropFirst()).allSatisfy { ScreenText.width($0) > ScreenText.width($1) })
        #expect(OutboxHeaderText.forms(OutboxSummary(waiting: 2, failed: 1), at: OutboxFixture.now)
            == ["⇢ 2 waiting, 1 failed", "⇢ 1 failed"])
        #expect(OutboxHeaderText.forms(OutboxSummary(), at: OutboxFixture.now).isEmpty)
    }

    @Test("the ticker announces a refusal with the task, patient, test and the EHR's words, in the refusal role")
    func tickerRefusal() {
        let state = OutboxFixture.state(OutboxSummary(failed: 1, recentFailures: [OutboxFixture.refused]), size: Self.wide)
        let entries = TickerEntries.entries(state)
        #expect(entries.first == TickerEntries.Entry(
            at: OutboxFixture.minutesAgo(2),
            text: "14:03 ⇢ EHR refused close of task 42 · Müller, Anna · Potassium: AE: unknown patient", role: .review))
        let grid = DashboardView.render(state, size: Self.wide)
        let ticker = Self.wide.height - 2
        #expect(text(grid, row: ticker, role: .review).hasPrefix("14:03 ⇢ EHR refused close of task 42"))
    }

    @Test("refusals and escalations are mixed by time, newest first")
    func tickerOrder() {
        var older = OutboxFixture.refused
        older.id = 20
        older.finishedAt = OutboxFixture.minutesAgo(40)
        let state = OutboxFixture.state(OutboxSummary(failed: 2, recentFailures: [OutboxFixture.refused, older]), size: Self.wide)
        let minutes = TickerEntries.entries(state).map { Int(OutboxFixture.now.timeIntervalSince($0.at) / 60) }
        let roles = TickerEntries.entries(state).map(\.role)
        #expect(minutes == [2, 11, 35, 40, 60])
        #expect(roles == [.review, .tickerCritical, .tickerCritical, .review, .ticker])
    }

    @Test("the EHR's words are capped: a long refusal ends in an ellipsis, and control characters never reach the screen")
    func tickerCapped() {
        var row = OutboxFixture.refused
        row.lastError = "AE: " + String(repeating: "very long reason ", count: 20) + "\u{1B}[31m"
        let state = OutboxFixture.state(OutboxSummary(failed: 1, recentFailures: [row]), size: Self.wide)
        let shown = TickerEntries.refusalText(row, state: state)
        let reason = String(shown[shown.range(of: "Potassium: ")!.upperBound...])
        #expect(ScreenText.width(reason) == TickerEntries.reasonWidth)
        #expect(reason.hasSuffix("…"))
        let grid = DashboardView.render(state, size: Self.wide)
        #expect(!grid.lines.joined().unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("an unreachable EHR leads the ticker; once it answers again the lead is gone")
    func tickerUnreachable() {
        let row = Self.wide.height - 2
        let down = DashboardView.render(OutboxFixture.state(OutboxFixture.alarming, size: Self.wide), size: Self.wide)
        #expect(down.text(row: row).hasPrefix(" ▲ ⇢ EHR unreachable 5m: 3 messages waiting  ◆  14:03 ⇢ EHR refused close"))
        var answering = OutboxFixture.alarming
        answering.unreachableSince = nil
        let up = DashboardView.render(OutboxFixture.state(answering, size: Self.wide), size: Self.wide)
        #expect(up.text(row: row).hasPrefix(" ▲ 14:03 ⇢ EHR refused close"))
    }

    @Test("the kiosk's ticker names no patient, refusals included; its header still shows the outbox")
    func kioskNamesNoPatient() {
        var state = DashboardState(settings: KioskTests.settings, now: OutboxFixture.now, size: Self.wide)
        _ = Dashboard.update(&state, .overviewLoaded(OutboxFixture.overview(OutboxFixture.alarming)))
        let grid = DashboardView.render(state, size: Self.wide)
        #expect(!grid.lines.joined().contains("Müller"))
        #expect(!grid.lines.joined().contains("refused"))
        #expect(grid.text(row: 0).contains("⇢ EHR unreachable 5m"))
    }

    @Test("the detail has an EHR line per message: delivered, refused (standing out) and held for undo")
    func detailLines() {
        let state = OutboxFixture.detailState([OutboxFixture.delivered, OutboxFixture.refused, OutboxFixture.held], size: Self.wide)
        let lines = DetailView.ehrLines([OutboxFixture.delivered, OutboxFixture.refused, OutboxFixture.held], state: state)
        #expect(lines == [
            .field(label: "EHR", value: "attempt: delivered to the EHR 13:50:21 (AA)"),
            .field(label: "EHR", value: "close: failed — AE: unknown patient (carequeue outbox retry 12)", role: .review),
            .field(label: "EHR", value: "reopen: held until 14:05:15 (undo window), then sent to the EHR"),
        ])
        let grid = DashboardView.render(state, size: Self.wide)
        let refusedRow = grid.lines.firstIndex { $0.contains("close: failed") }!
        #expect(text(grid, row: refusedRow, role: .review).hasPrefix("close: failed — AE: unknown patient"))
    }

    @Test("a message still retrying says since when the EHR has not answered; one from another day gives its date")
    func detailUnreachableAndOlder() {
        var yesterday = OutboxFixture.delivered
        yesterday.finishedAt = OutboxFixture.now.addingTimeInterval(-86_400)
        let state = OutboxFixture.detailState([], size: Self.wide)
        #expect(DetailView.ehrLines([OutboxFixture.unreachable, yesterday], state: state).map { line -> String in
            guard case .field(_, let value, _) = line else { return "" }
            return value
        } == ["close: not yet delivered — EHR unreachable since 14:00:09, 5 sends: connection refused",
              "attempt: delivered to the EHR 2026-02-28 14:05 (AA)"])
    }

    @Test("a task that sent nothing has no EHR line")
    func detailWithoutOutbox() {
        let grid = DashboardView.render(OutboxFixture.detailState([], size: Self.wide), size: Self.wide)
        #expect(!grid.lines.contains { $0.contains("EHR") })
    }

    @Test("the detail scrolls far enough to show its last line with EHR lines added")
    func detailScrollsToEnd() {
        let rows = (0..<12).map { OutboxFixture.entry(Int64(100 + $0), .attempt, .delivered, createdAt: OutboxFixture.minutesAgo(30)) }
        var state = OutboxFixture.detailState(rows, size: Self.narrow)
        _ = DashboardFixture.press([.end], on: &state)
        let grid = DashboardView.render(state, size: Self.narrow)
        #expect(grid.lines.contains { $0.contains("ingest: task created") })
    }

    @Test("the header and ticker with the EHR silent and a refusal", arguments: DashboardSnapshotTests.cases("outbox-alarm"))
    func alarmSnapshot(_ screen: ScreenCase) {
        assertSnapshot(DashboardView.render(OutboxFixture.state(OutboxFixture.alarming, size: screen.size), size: screen.size),
                       named: screen.snapshot)
    }

    @Test("the detail with a delivered, a refused and a held message", arguments: DashboardSnapshotTests.cases("outbox-detail"))
    func detailSnapshot(_ screen: ScreenCase) {
        let state = OutboxFixture.detailState([OutboxFixture.delivered, OutboxFixture.refused, OutboxFixture.held], size: screen.size)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }
}
