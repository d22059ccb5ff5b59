import Foundation
import HL7

/// Why a peer refused a message, from its ACK, shown safely: control characters made visible and
/// at most 200 characters, since the ACK comes off the network.
public enum AckReason {
    /// The peer's words: MSA-3, else ERR-8, else ERR-1.
    public static func words(in ack: HL7Message) -> String {
        var words = ack.firstSegment(withID: "MSA")?[3].text ?? ""
        if words.isEmpty, let err = ack.firstSegment(withID: "ERR") {
            words = err[8].text.isEmpty ? err[1].text : err[8].text
        }
        return shown(words)
    }

    /// For `send`: the error condition's code and text (ERR-3, or ERR-1.4 before v2.5), then the
    /// peer's words (MSA-3, else ERR-8): "101 Required field missing: PID-3 is empty".
    public static func detail(in ack: HL7Message) -> String {
        guard let err = ack.firstSegment(withID: "ERR") else { return words(in: ack) }
        var condition = [err[3].component(1).text, err[3].component(2).text]
        if condition.allSatisfy(\.isEmpty) {
            let location = err[1].component(4)
            condition = [location.subcomponent(1).text, location.subcomponent(2).text]
        }
        let message = ack.firstSegment(withID: "MSA")?[3].text ?? ""
        let parts = [condition.filter { !$0.isEmpty }.joined(separator: " "), message.isEmpty ? err[8].text : message]
        return shown(parts.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.joined(separator: ": "))
    }

    private static func shown(_ text: String) -> String {
        String(UntrustedText.visible(text.trimmingCharacters(in: .whitespaces)).prefix(200))
    }
}
