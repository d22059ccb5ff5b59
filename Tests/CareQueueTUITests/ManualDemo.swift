import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

/// The demo screen on the real terminal, for checking by eye (it needs a terminal, so it only
/// runs when asked):
///
///     CAREQUEUE_TUI_DEMO=1 [CAREQUEUE_TUI_THEME=high-contrast] [NO_COLOR=1] \
///       swift test --filter CareQueueTUITests.ManualDemo
///
/// j/k or arrows move, q or Ctrl-C quits; SIGTERM/SIGINT/SIGHUP quit too; resizing redraws.
@MainActor
@Suite("Manual demo", .enabled(if: ProcessInfo.processInfo.environment["CAREQUEUE_TUI_DEMO"] == "1"))
struct ManualDemo {
    @Test("the demo screen on this terminal")
    func runOnTerminal() throws {
        let environment = ProcessInfo.processInfo.environment
        let theme = environment["CAREQUEUE_TUI_THEME"].flatMap { Theme.builtIns[$0] } ?? .standard
        let terminal = Terminal(theme: theme, environment: environment)
        let loop = try EventLoop(device: terminal, clock: SystemTimeSource(),
                                 configuration: EventLoop.Configuration(minimumSize: GridSize(width: 60, height: 12)))
        var model = DemoScreen.Model()
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        let exit = try loop.run(&model, update: { model, event in
            if case .tick(let now) = event { model.clock = formatter.string(from: now) }
            return DemoScreen.update(&model, event)
        }, view: DemoScreen.render)
        print("demo loop ended: \(exit), last key: \(model.lastKey), colours: \(terminal.colorDepth)")
    }
}
