import CareQueueCore
import Foundation
import HL7

/// The sending side of `send`, `simulate` and the demo feed: messages from a file, the control id
/// each carries, and the code its ACK answered.
public enum OutgoingMessages {
    /// The messages of one file; a file with no MSH line at all is sent whole (so the listener can
    /// answer it with AR, which is how an analyst tests that path).
    public static func messages(inFile path: String) throws -> [[UInt8]] {
        let bytes: [UInt8]
        do { bytes = try FileReading.bytes(atPath: path) } catch { throw CommandFailure(error.description) }
        let split = HL7FileSplitter.split(bytes)
        if split.isEmpty, !bytes.isEmpty { return [bytes] }
        return split
    }

    /// Why the peer refused it (ERR code and text, the peer's words), nil when the reply says nothing more.
    public static func refusalDetail(_ reply: [UInt8]?) -> String? {
        guard let reply, let ack = try? HL7Message(parsing: reply) else { return nil }
        let detail = AckReason.detail(in: ack)
        return detail.isEmpty ? nil : detail
    }

    /// MSH-10 of an outgoing message, "-" when it has none.
    public static func controlID(of payload: [UInt8]) -> String {
        guard let message = try? HL7Message(parsing: payload) else { return "-" }
        let id = message.header.controlID
        return id.isEmpty ? "-" : id
    }

    /// MSA-1 of the reply: NONE without a reply, INVALID when it is not an ACK.
    public static func ackCode(_ reply: [UInt8]?, expecting controlID: String) -> String {
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
