import CareQueueCore
import Foundation

/// A text file a person names on the command line: read whole, UTF-8, with a one-line failure.
public enum ImportFile {
    public static func read(_ path: String) throws -> String {
        try FileReading.text(atPath: path)
    }
}

/// A roster CSV read for the simulator and the demo (not imported).
public enum RosterFile {
    public static func load(_ path: String) throws -> [Provider] {
        do {
            return try RosterImport.parse(text: try ImportFile.read(path), file: path)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
