import CareQueueCore
import Foundation
import Glibc
import HL7

/// The messages `rules try FILE|DIR…` reads, labelled `FILE:N` (the N-th message in the file).
///
/// A file may hold one message or several: MLLP frames, messages one after another (each from its
/// MSH line, CR, LF or CR LF between segments, blank lines between messages), FHS/BHS batches —
/// split as `send` splits them. A file named on the command line that holds no MSH line at all is
/// tried whole (intake answers it AR, as the listener would). A directory means the regular files
/// directly in it (not its subdirectories), by name, hidden ones left out; there, a file without
/// any MSH line (a README, a CSV) is skipped and named in `skipped`.
public struct RulesTrialInputs {
    public var inputs: [RulesTrial.Input] = []
    /// Files in a directory that held no message.
    public var skipped: [String] = []

    public init(paths: [String]) throws {
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure("\(path): cannot read file: No such file or directory")
            }
            if isDirectory.boolValue {
                for file in try Self.files(in: path) { try add(file, named: false) }
            } else {
                try add(path, named: true)
            }
        }
    }

    private mutating func add(_ path: String, named: Bool) throws {
        let bytes: [UInt8]
        do { bytes = try FileReading.bytes(atPath: path) } catch { throw CommandFailure(error.description) }
        var messages = HL7FileSplitter.split(bytes)
        if messages.isEmpty {
            guard named, !bytes.isEmpty else { return skipped.append(path) }
            messages = [bytes]
        }
        for (index, raw) in messages.enumerated() {
            inputs.append(RulesTrial.Input(label: "\(path):\(index + 1)", raw: raw))
        }
    }

    /// The regular files directly in `directory`, sorted by name, hidden ones left out.
    static func files(in directory: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CommandFailure("\(directory): cannot read directory: \(String(cString: strerror(errno)))")
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(base)/\($0)" }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}
