import Foundation
import HL7

/// The event as lines of text, one OBX `TX` each: the same lines in an MDM^T02 document and under
/// the order of an ORU^R01.
struct OutboundLine: Equatable {
    /// OBX-3: a local code (coding system `99CQ`) naming what the line holds, and its text.
    var code: String
    var name: String
    /// OBX-4 (required in v2.3.1): numbers the lines of a note ("1", "2" …); "1" for the others.
    var subID = "1"
    /// OBX-5, one line, control characters already removed.
    var text: String

    static let codingSystem = "99CQ"

    static func lines(for event: OutboundEvent, timeZone: TimeZone) -> [OutboundLine] {
        var lines = [OutboundLine(code: "EVENT", name: "Event", text: eventSentence(event))]
        if let outcome = event.outcome, !outcome.isEmpty {
            lines.append(OutboundLine(code: "OUTCOME", name: "Outcome", text: "Outcome: " + oneLine(outcome)))
        }
        if let callback = event.callbackAt {
            lines.append(OutboundLine(code: "CALLBACK", name: "Callback",
                                      text: "Callback: " + readableTime(callback, timeZone: timeZone)))
        }
        for (index, line) in noteLines(event.note).enumerated() {
            lines.append(OutboundLine(code: "NOTE", name: "Note", subID: String(index + 1), text: line))
        }
        let result = event.result
        let test = [result.testCode, result.testText].map(oneLine).filter { !$0.isEmpty }.joined(separator: " ")
        if !test.isEmpty { lines.append(OutboundLine(code: "TEST", name: "Test", text: "Test: " + test)) }
        let value = ([result.observationText, result.value, result.units] + result.flags)
            .map(oneLine).filter { !$0.isEmpty }.joined(separator: " ")
        if !value.isEmpty { lines.append(OutboundLine(code: "VALUE", name: "Value", text: "Value: " + value)) }
        if let placer = result.placerNumber, !placer.isEmpty {
            lines.append(OutboundLine(code: "PLACER", name: "Placer order number", text: "Placer order number: " + oneLine(placer)))
        }
        if let filler = result.fillerNumber, !filler.isEmpty {
            lines.append(OutboundLine(code: "FILLER", name: "Filler order number", text: "Filler order number: " + oneLine(filler)))
        }
        return lines
    }

    /// "CareQueue task 1042 closed by Dana Reyes (NPI 1234567893, login dreyes)".
    static func eventSentence(_ event: OutboundEvent) -> String {
        let verb: String
        switch event.kind {
        case .close: verb = "closed"
        case .attempt: verb = "call attempt"
        case .signoff: verb = "signed off"
        case .reopen: verb = "reopened"
        }
        return "CareQueue task \(event.taskID) \(verb) by \(actorWords(event.actor))"
    }

    static func actorWords(_ actor: OutboundEvent.Actor) -> String {
        let label = oneLine(actor.label)
        guard let name = actor.name.map(oneLine), !name.isEmpty else { return label }
        let details = [actor.npi.map { "NPI \(oneLine($0))" }, label.isEmpty || label == name ? nil : "user \(label)"]
            .compactMap { $0 }
        return details.isEmpty ? name : "\(name) (\(details.joined(separator: ", ")))"
    }

    /// The note's lines (CR, LF or CRLF end one), blank ones at either end dropped, each cleaned.
    static func noteLines(_ note: String) -> [String] {
        var lines = note.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { cleaned(String($0)) }
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Text for a one-line field: line breaks become spaces.
    static func oneLine(_ text: String) -> String {
        cleaned(String(text.map { $0.isNewline ? " " : $0 }))
    }

    /// A tab becomes a space; every other control character is dropped, so none reaches the wire
    /// (the HL7 delimiters are escaped later by the builder).
    static func cleaned(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar == "\t" { out.unicodeScalars.append(" ") } else if !scalar.isControlCode { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// "2026-03-15 09:00 -0500".
    static func readableTime(_ date: Date, timeZone: TimeZone) -> String {
        let stamp = HL7Timestamp.format(date, in: timeZone)
        func part(_ from: Int, _ count: Int) -> Substring {
            let start = stamp.index(stamp.startIndex, offsetBy: from)
            return stamp[start..<stamp.index(start, offsetBy: count)]
        }
        return "\(part(0, 4))-\(part(4, 2))-\(part(6, 2)) \(part(8, 2)):\(part(10, 2)) \(part(14, 5))"
    }
}

extension Unicode.Scalar {
    /// C0, DEL and C1 controls: characters that must not reach the wire as they are.
    var isControlCode: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
