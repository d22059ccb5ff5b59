import ArgumentParser
import Foundation
import HL7
import MLLP
import NIOCore

/// `carequeue send`: an MLLP client for any listener, ours or another vendor's.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send HL7 v2 messages over MLLP and print each one's ACK code.",
        discussion: """
            Each FILE may hold several messages (a new one starts at a line beginning with MSH) or \
            MLLP frames. Prints `CONTROL_ID ACK_CODE` per message (NONE when no ACK came in time); \
            exits non-zero if any message was not accepted (AA or CA).
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Listener host (default: [listener] host, else 127.0.0.1).")
    var host: String?

    @Option(help: "Listener port (default: [listener] port, else 2575).")
    var port: Int?

    @Option(help: "Seconds to wait for each ACK.")
    var timeout: Double = 30

    @Argument(help: "HL7 files to send.")
    var files: [String]

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535") }
    }

    func run() async throws {
        let config = try common.loadConfiguration()
        let messages = try files.flatMap(Self.messages(inFile:))
        let client = MLLPClient(host: host ?? config.listener.host, port: port ?? config.listener.port)
        var notAccepted = 0
        for payload in messages {
            let controlID = Self.controlID(of: payload)
            let reply: [UInt8]?
            do {
                reply = try await client.send(payload, timeout: .nanoseconds(Int64(timeout * 1_000_000_000)))
            } catch let error as MLLPClientError where error.kind == .connectionRefused || error.kind == .hostNotFound || error.kind == .connectTimedOut {
                await client.close()
                throw CommandFailure(error.description)
            } catch {
                FileHandle.standardError.write(Data("send: \(controlID): \(error)\n".utf8))
                reply = nil
            }
            let code = Self.ackCode(reply, expecting: controlID)
            print("\(controlID) \(code)")
            if code != "AA" && code != "CA" { notAccepted += 1 }
        }
        await client.close()
        if notAccepted > 0 {
            throw CommandFailure("\(notAccepted) of \(messages.count) messages were not accepted")
        }
    }

    /// The messages of one file; a file with no MSH line at all is sent whole (so the listener can
    /// answer it with AR, which is how an analyst tests that path).
    static func messages(inFile path: String) throws -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read file")
        }
        let bytes = [UInt8](data)
        let split = HL7FileSplitter.split(bytes)
        if split.isEmpty, !bytes.isEmpty { return [bytes] }
        return split
    }

    /// MSH-10 of an outgoing message, "-" when it has none.
    static func controlID(of payload: [UInt8]) -> String {
        guard let message = try? HL7Message(parsing: payload) else { return "-" }
        let id = message.header.controlID
        return id.isEmpty ? "-" : id
    }

    /// MSA-1 of the reply: NONE without a reply, INVALID when it is not an ACK.
    static func ackCode(_ reply: [UInt8]?, expecting controlID: String) -> String {
        guard let reply else { return "NONE" }
        guard let ack = try? HL7Message(parsing: reply), let msa = ack.firstSegment(withID: "MSA") else {
            return "INVALID"
        }
        let answered = msa[2].raw
        if controlID != "-", answered != controlID {
            FileHandle.standardError.write(Data("send: ACK answers control id \(answered), expected \(controlID)\n".utf8))
        }
        let code = msa[1].text
        return code.isEmpty ? "INVALID" : code
    }
}
