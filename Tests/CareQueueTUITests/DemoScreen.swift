import CareQueueTUI

/// A dashboard-shaped screen built only from the foundation (header, provider list, queue,
/// ticker, hints), with the names that break naive width handling: 患者, Müller, José, and a
/// decomposed é. Used by the snapshot tests and the manual tmux demo.
enum DemoScreen {
    struct Model: Equatable {
        var selected = 0
        var clock = "14:05:09"
        var lastKey = "none"
        var ticks = 0
    }

    struct Row {
        var marker: String
        var urgency: StyleRole
        var patient: String
        var test: String
        var age: String
        var ageRole: StyleRole
    }

    static let rows: [Row] = [
        Row(marker: "!!", urgency: .queueCritical, patient: "Müller, Anna", test: "Potassium 6.8 mmol/L HH",
            age: "0h41", ageRole: .ageOverdue),
        Row(marker: "!!", urgency: .queueCritical, patient: "山田, 患者", test: "Troponin I 2.1 ng/mL HH",
            age: "1h05", ageRole: .ageEscalated),
        Row(marker: "! ", urgency: .queueAbnormal, patient: "García, José", test: "Hemoglobin 9.1 g/dL L",
            age: "11h02", ageRole: .ageHalfway),
        Row(marker: "! ", urgency: .queueAbnormal, patient: "Nguyễn, Thị Hoa", test: "TSH 7.9 mIU/L H",
            age: "20h30", ageRole: .ageDueSoon),
        Row(marker: "  ", urgency: .queueRoutine, patient: "Pe\u{301}rez, José", test: "Lipid panel",
            age: "2h10", ageRole: .ageFresh),
    ]

    static let providers: [(name: String, counts: String, role: StyleRole)] = [
        ("Unassigned", "3 1 1", .providerUnassigned),
        ("Dr Müller", "12 2 1", .providerSelected),
        ("Dr José Ortiz", "4 0 0", .provider),
        ("NP 患者 Chen", "7 1 0", .provider),
    ]

    static let queueColumns = [
        Column(.fixed(2)),
        Column(.flexible(min: 10, weight: 2)),
        Column(.flexible(min: 8, weight: 3)),
        Column(.fixed(6), alignment: .right),
    ]

    static func render(_ model: Model, size: GridSize) -> CellGrid {
        var grid = CellGrid(size: size)
        let screen = Rect(size)
        let (headerArea, belowHeader) = screen.splitTop(1)
        let (body, footer) = belowHeader.splitBottom(2)

        grid.fill(headerArea, role: .header)
        let titleEnd = grid.put(" CareQueue · Clinic North", x: 0, y: 0, role: .header, maxWidth: size.width / 3)
        let status = "● :2575  42 today  3s ago  review 2  \(model.clock) "
        let statusWidth = min(ScreenText.width(status), size.width - titleEnd - 1)
        grid.put(status, x: size.width - statusWidth, y: 0, width: statusWidth, role: .header, alignment: .right)
        if statusWidth == ScreenText.width(status), let review = status.range(of: "review 2") {
            // The review count is the one header item that asks for action.
            let x = size.width - statusWidth + ScreenText.width(String(status[..<review.lowerBound]))
            grid.restyle(Rect(x: x, y: 0, width: 8, height: 1), role: .review)
        }

        let (providerArea, queueArea) = body.splitLeft(min(26, body.width / 3))
        let providerInside = grid.box(providerArea, role: .border, title: "Providers")
        for (index, provider) in providers.enumerated() where index < providerInside.height {
            let y = providerInside.y + index
            let spans = ColumnLayout.spans(for: [Column(.flexible(min: 4, weight: 1)), Column(.fixed(6), alignment: .right)],
                                           x: providerInside.x, width: providerInside.width)
            grid.put(row: [provider.name, provider.counts], in: spans, y: y, role: provider.role)
        }

        let queueInside = grid.box(queueArea, role: .border, title: "Dr Müller — 5 open")
        let spans = ColumnLayout.spans(for: queueColumns, x: queueInside.x, width: queueInside.width)
        if queueInside.height > 0 {
            grid.put(row: ["", "Patient", "Result", "Age"], in: spans, y: queueInside.y, role: .queueHeader)
        }
        for (index, row) in rows.enumerated() where index + 1 < queueInside.height {
            let y = queueInside.y + 1 + index
            grid.put(row: [row.marker, row.patient, row.test, row.age], in: spans, y: y, role: .normal)
            grid.restyle(Rect(x: spans[0].x, y: y, width: spans[0].width, height: 1), role: row.urgency)
            grid.restyle(Rect(x: spans[3].x, y: y, width: spans[3].width, height: 1), role: row.ageRole)
            if index == model.selected {
                grid.restyle(Rect(x: queueInside.x, y: y, width: queueInside.width, height: 1), role: .queueSelected)
            }
        }

        if footer.height >= 1 {
            grid.put("▲ 14:02 escalated to coordinators: Troponin I, Dr Müller (1h05)", x: 0, y: footer.y,
                     width: size.width, role: .tickerCritical, alignment: .left)
        }
        if footer.height >= 2 {
            var x = 0
            let y = footer.y + 1
            grid.fill(Rect(x: 0, y: y, width: size.width, height: 1), role: .hint)
            for (key, label) in [("q", "quit"), ("↑↓", "move"), ("Tab", "queue"), ("Enter", "detail"), ("?", "help")] {
                x = grid.put(" \(key)", x: x, y: y, role: .hintKey)
                x = grid.put(" \(label) ", x: x, y: y, role: .hint)
            }
            grid.put("last key: \(model.lastKey)  ticks: \(model.ticks)", x: x + 1, y: y, role: .hint)
        }
        return grid
    }

    /// The demo's `update`: j/k or arrows move, q or Ctrl-C quits, SIGINT quits.
    static func update(_ model: inout Model, _ event: UIEvent) -> UpdateResult {
        switch event {
        case .keyPressed(let key):
            model.lastKey = key.description
            switch key {
            case .character("q"), .control("c"): return .quit
            case .character("j"), .down: model.selected = min(rows.count - 1, model.selected + 1)
            case .character("k"), .up: model.selected = max(0, model.selected - 1)
            default: break
            }
            return .redraw
        case .interrupted, .terminated:
            return .quit
        case .tick:
            model.ticks += 1
            return .redraw
        case .resized, .woken:
            return .redraw
        }
    }
}
