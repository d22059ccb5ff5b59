import CareQueueApp
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
            MLLP frames. Prints `CONTROL_ID ACK_CODE` per message (NONE when no ACK came in time), and after AE or AR \
            the error the ACK gives (ERR code and text, MSA-3 or ERR-8); \
            exits non-zero if any message was not accepted (AA or CA). With --tls (or --ca, --cert) it \
            speaks TLS 1.2/1.3 and checks that the listener's certificate is trusted, in date and names \
            the host given (its DNS name, or its IP address).
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Listener host (default: [listener] host, else 127.0.0.1).")
    var host: String?

    @Option(help: "Listener port (default: [listener] port, else 2575).")
    var port: Int?

    @Option(help: "Seconds to wait for each ACK.")
    var timeout: Double = 30

    @Flag(help: "Speak TLS, trusting the system's CA certificates (unless --ca).")
    var tls = false

    @Option(help: ArgumentHelp("PEM CA certificate(s) to trust for the listener's certificate (implies --tls).", valueName: "file"))
    var ca: String?

    @Option(help: ArgumentHelp("PEM client certificate to present, for mutual TLS (with --key; implies --tls).", valueName: "file"))
    var cert: String?

    @Option(help: ArgumentHelp("PEM private key of --cert; only its owner may read it (chmod 600).", valueName: "file"))
    var key: String?

    @Argument(help: "HL7 files to send.")
    var files: [String]

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535") }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
    }

    func run() async throws {
        let config = try common.loadConfiguration()
        let messages = try files.flatMap(OutgoingMessages.messages(inFile:))
        let clientTLS = try SendTLSSetup.clientTLS(enabled: tls, ca: ca, certificate: cert, key: key)
        let client = MLLPClient(host: host ?? config.listener.host, port: port ?? config.listener.port, tls: clientTLS)
        var notAccepted = 0
        for payload in messages {
            let controlID = OutgoingMessages.controlID(of: payload)
            let reply: [UInt8]?
            do {
                reply = try await client.send(payload, timeout: .nanoseconds(Int64(timeout * 1_000_000_000)))
            } catch let error as MLLPClientError where Self.endsTheRun(error) {
                await client.close()
                throw CommandFailure(error.description)
            } catch {
                FileHandle.standardError.write(Data("send: \(controlID): \(error)\n".utf8))
                reply = nil
            }
            let code = OutgoingMessages.ackCode(reply, expecting: controlID)
            if code == "AA" || code == "CA" {
                print("\(controlID) \(code)")
            } else {
                // "R1 AE 101 Required field missing: PID-3 is empty": the first two words stay the code.
                print("\(controlID) \(code)" + (OutgoingMessages.refusalDetail(reply).map { " \($0)" } ?? ""))
                notAccepted += 1
            }
        }
        await client.close()
        if notAccepted > 0 {
            throw CommandFailure("\(notAccepted) of \(messages.count) messages were not accepted")
        }
    }

    /// Failures the next message would meet too: no listener there, or TLS it cannot agree to.
    private static func endsTheRun(_ error: MLLPClientError) -> Bool {
        switch error.kind {
        case .connectionRefused, .hostNotFound, .connectTimedOut, .tlsHandshakeFailed: return true
        default: return false
        }
    }
}
