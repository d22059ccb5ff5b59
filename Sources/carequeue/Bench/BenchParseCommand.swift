import CareQueueApp
import ArgumentParser
import CareQueueCore
import Foundation
import HL7

/// `carequeue bench parse`: µs per message over SampleData, next to python-hl7 on the same files.
struct BenchParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "HL7 parse + extraction speed over a corpus, next to python-hl7 on the same files.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Folder of .hl7 files (default: SampleData in the current directory).")
    var corpus: String = "SampleData"

    @Option(help: "Seconds to spend on each measurement (at least).")
    var seconds: Double = 2

    @Option(help: "Python with the `hl7` package for the baseline (default: .venv/bin/python, else python3).")
    var python: String?

    func run() async throws {
        let files = try BenchCorpus.files(in: corpus)
        let all = try files.flatMap { HL7FileSplitter.split([UInt8](try Data(contentsOf: $0))) }
        // DESIGN.md's target is about a ~1.4 KB ORU; big reports and embedded PDFs are timed apart.
        let typical = all.filter { $0.count <= 4096 }
        guard !typical.isEmpty else { throw CommandFailure("\(corpus): no messages of 4 KiB or less to time") }

        let panels = (0..<50).map { BenchMessages(seed: 7).message(sender: 0, index: $0) }
        let corpora: [(String, [[UInt8]])] = [
            ("SampleData, \(typical.count) messages of ≤ 4 KiB", typical),
            ("a metabolic-panel ORU^R01 with 8 OBX, 50 distinct", panels),
        ]
        for (name, messages) in corpora {
            let mean = messages.reduce(0) { $0 + $1.count } / messages.count
            print("bench parse: \(name) (mean \(mean) bytes)")
            let parse = Self.measure(messages, seconds: seconds, Self.timeParse)
            print(String(format: "  carequeue parse + typed fields:     %8.2f µs/message  %10.0f messages/s", parse.perMessage, parse.rate))
            let extraction = Self.measure(messages, seconds: seconds, Self.timeExtraction)
            print(String(format: "  carequeue parse + ResultExtraction: %8.2f µs/message  %10.0f messages/s", extraction.perMessage, extraction.rate))
            if let baseline = try PythonBaseline.parse(files: messages, python: python, seconds: seconds) {
                print(String(format: "  python-hl7 hl7.parse + fields:      %8.2f µs/message  %10.0f messages/s", baseline, 1e6 / baseline))
                print(String(format: "  ratio: carequeue is %.1f× faster than python-hl7 on the same messages", baseline / parse.perMessage))
            } else {
                print("  python-hl7 baseline: skipped (no python with the `hl7` package; run .ci/run or pass --python)")
            }
            let target = 5.0
            print(String(format: "  DESIGN target ≤ %.0f µs/message: %@ (%.2f× the target)", target,
                         parse.perMessage <= target ? "met" : "not met", parse.perMessage / target))
            if messages == panels, let orders = Self.orderUpdates(panels) {
                // The writer's own work per message after extraction, beside the extraction just measured.
                for (label, update) in [("new task", false), ("update of its task", true)] {
                    let apply = Self.measure(panels, seconds: seconds) { _, iterations in
                        Self.timeOrderUpdate(orders, update: update, iterations: iterations)
                    }
                    print(String(format: "  OrderUpdate.apply, %@:%@%8.2f µs/panel   (%.2f× parse + ResultExtraction)",
                                 label, String(repeating: " ", count: max(1, 19 - label.count)), apply.perMessage,
                                 apply.perMessage / extraction.perMessage))
                }
            }
        }

        let large = all.filter { $0.count > 4096 }
        if !large.isEmpty {
            let big = Self.measure(large, seconds: seconds / 2, Self.timeParse)
            let bytes = Double(large.reduce(0) { $0 + $1.count }) / Double(large.count)
            print(String(format: "bench parse: SampleData's %d large messages (mean %.0f KB): %.1f µs/message, %.0f MB/s",
                         large.count, bytes / 1000, big.perMessage, bytes / big.perMessage))
        }
    }

    struct Measurement { var perMessage: Double; var rate: Double }

    /// Repeats `body` with growing iteration counts until one run lasts at least `seconds`.
    static func measure(_ corpus: [[UInt8]], seconds: Double,
                        _ body: ([[UInt8]], Int) -> (seconds: Double, messages: Int)) -> Measurement {
        _ = body(corpus, 1)  // warm-up
        var iterations = 1
        while true {
            let result = body(corpus, iterations)
            if result.seconds >= seconds || iterations >= 1 << 24 {
                let perMessage = result.seconds * 1e6 / Double(result.messages)
                return Measurement(perMessage: perMessage, rate: 1e6 / perMessage)
            }
            iterations *= max(2, Int((seconds / max(result.seconds, 1e-6)).rounded(.up)))
        }
    }

    static func timeParse(_ corpus: [[UInt8]], iterations: Int) -> (seconds: Double, messages: Int) {
        let result = HL7Benchmark.run(corpus: corpus, iterations: iterations)
        return (result.seconds, result.messages)
    }

    static func timeExtraction(_ corpus: [[UInt8]], iterations: Int) -> (seconds: Double, messages: Int) {
        let clock = ContinuousClock()
        var failures = 0
        var checksum = 0
        let elapsed = clock.measure {
            for _ in 0..<iterations {
                for bytes in corpus {
                    guard let message = try? HL7Message(parsing: bytes),
                          case .success(let result) = ResultExtraction.extract(message) else {
                        failures += 1
                        continue
                    }
                    checksum &+= result.patientResults.count
                }
            }
        }
        precondition(failures == 0 || checksum >= 0, "keeps the work observable")
        return (elapsed.milliseconds / 1000, corpus.count * iterations)
    }
}

extension BenchParseCommand {
    /// What `OrderUpdate.apply` is given for each panel: its order, and the task its first copy made.
    struct OrderInput {
        var message: ResultMessage
        var task: TaskState
    }

    static let benchTiers = CareQueueConfig.Tiers()
    static let benchWindows = CareQueueConfig.Windows()
    static let benchRouting = RoutingDecision(assignedNPI: "1234567893", orderingNPI: "1234567893", coveringForNPI: nil,
                                              explanation: "bench: ordering provider")
    static let benchNow = Date(timeIntervalSince1970: 1_772_352_000)

    static func orderUpdates(_ panels: [[UInt8]]) -> [OrderInput]? {
        var inputs: [OrderInput] = []
        for bytes in panels {
            guard let parsed = try? HL7Message(parsing: bytes), case .success(let message) = ResultExtraction.extract(parsed),
                  let group = message.patientResults.first, let order = group.orders.first else { return nil }
            let first = OrderUpdate.apply(existing: nil, order: order, patient: group.patient, sender: message.sender,
                                          routing: benchRouting, now: benchNow, windows: benchWindows, tiers: benchTiers)
            inputs.append(OrderInput(message: message, task: first.task))
        }
        return inputs
    }

    /// Applies each panel's order to no task (a new one) or, with `update`, to the task its first copy made.
    static func timeOrderUpdate(_ inputs: [OrderInput], update: Bool, iterations: Int) -> (seconds: Double, messages: Int) {
        let clock = ContinuousClock()
        var checksum = 0
        let elapsed = clock.measure {
            for _ in 0..<iterations {
                for input in inputs {
                    let group = input.message.patientResults[0]
                    let result = OrderUpdate.apply(existing: update ? input.task : nil, order: group.orders[0], patient: group.patient,
                                                   sender: input.message.sender, routing: benchRouting, now: benchNow,
                                                   windows: benchWindows, tiers: benchTiers)
                    checksum &+= result.events.count + result.addedObservations.count
                }
            }
        }
        precondition(checksum >= 0, "keeps the work observable")
        return (elapsed.milliseconds / 1000, inputs.count * iterations)
    }
}

enum BenchCorpus {
    static func files(in folder: String) throws -> [URL] {
        let url = URL(fileURLWithPath: folder)
        guard let names = try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil) else {
            throw CommandFailure("\(folder): no such folder (run from the repository, or pass --corpus)")
        }
        let files = names.filter { $0.pathExtension == "hl7" }.sorted { $0.path < $1.path }
        guard !files.isEmpty else { throw CommandFailure("\(folder): no .hl7 files") }
        return files
    }
}

/// python-hl7 on the same messages, through Tests/Interop/bench_python_hl7.py.
enum PythonBaseline {
    static func parse(files messages: [[UInt8]], python: String?, seconds: Double) throws -> Double? {
        let script = URL(fileURLWithPath: "Tests/Interop/bench_python_hl7.py")
        guard FileManager.default.fileExists(atPath: script.path) else { return nil }
        let candidates = [python, ".venv/bin/python", "/usr/bin/python3", "/usr/local/bin/python3"].compactMap { $0 }
        guard let interpreter = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carequeue-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            let file = folder.appendingPathComponent(String(format: "%04d.hl7", index))
            try Data(message).write(to: file)
            paths.append(file.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [script.path, "--seconds", String(seconds)] + paths
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let perMessage = json["us_per_message"] as? Double else { return nil }
        return perMessage
    }
}
