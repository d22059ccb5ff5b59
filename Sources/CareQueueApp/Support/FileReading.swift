import Foundation
import Glibc

/// Reading a whole file a person named, and when that fails, saying why in the system's words
/// ("No such file or directory", "Permission denied", "Is a directory").
public enum FileReading {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        /// strerror's text for the failing call.
        public var reason: String
        public var description: String { "\(path): cannot read file: \(reason)" }
    }

    public static func bytes(atPath path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// The file as UTF-8 text, or a one-line failure.
    public static func text(atPath path: String) throws(CommandFailure) -> String {
        let bytes: [UInt8]
        do { bytes = try self.bytes(atPath: path) } catch { throw CommandFailure(error.description) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CommandFailure("\(path): not UTF-8 text") }
        return text
    }

    private static func failure(_ path: String) -> Failure {
        Failure(path: path, reason: String(cString: strerror(errno)))
    }
}
