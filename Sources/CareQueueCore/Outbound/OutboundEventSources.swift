import Foundation
import HL7

extension OutboundEvent.Result {
    /// The result `task` is about: its test and numbers, and the observation shown for it (the
    /// one that decided the tier).
    public init(task: TaskListItem) {
        let shown = task.shownObservation
        self.init(testCode: task.testCode, testText: task.test, observationText: shown.map { $0.text.isEmpty ? $0.code : $0.text } ?? "",
                  value: shown?.value ?? "", units: shown?.units ?? "", flags: shown?.flags.filter { !$0.isEmpty } ?? [],
                  placerNumber: task.placerNumber, fillerNumber: task.fillerNumber, resultStatus: task.resultStatus)
    }
}

extension OutboundEvent.Actor {
    /// The audit label `user`, with the roster person whose `login` is `account`, when there is one.
    public init(label: String, account: String, roster: Roster) {
        let person = roster.providers.values.first { $0.login == account }
        self.init(label: label, npi: person?.npi, name: person?.name)
    }
}

extension OutboundMessage {
    /// The PID segment of a stored message in the standard delimiters, as the encoder copies it;
    /// nil when the bytes hold no PID (a message stored before parsing could find one).
    public static func originalPID(inRaw raw: [UInt8]) -> String? {
        guard let message = try? HL7Message(parsing: raw), let pid = message.firstSegment(withID: "PID") else { return nil }
        return pid.reencoded()
    }

    /// A PID from what the task holds (MRN, and the name in the family part), for a task whose
    /// stored message no longer yields one.
    public static func minimalPID(mrn: String, patient: String) -> String {
        "PID|1||\(OutboundLine.oneLine(mrn))||\(OutboundLine.oneLine(patient))"
    }
}
