import CareQueueCore

/// One OBX as the simulator will write it, in plain (unescaped) text.
struct ReportedObservation: Sendable, Equatable {
    /// OBX-5: free text or a coded (CWE) value.
    enum Value: Sendable, Equatable {
        case text(String)
        case coded(code: String, text: String, system: String)

        /// The value as a reader sees it: the text, or a code's text.
        var display: String {
            switch self {
            case .text(let text): return text
            case .coded(_, let text, _): return text
            }
        }
    }

    /// OBX-2: NM, ST, TX or CWE.
    var valueType: String
    /// OBX-3 identifier, text and coding system.
    var code: String
    var text: String
    var system: String = "LN"
    /// OBX-4, used by multi-line text reports.
    var subID: String = ""
    var value: Value
    var units: String = ""
    var range: String = ""
    /// OBX-8; "" for none.
    var flag: String = ""
    /// OBX-11: P preliminary, F final.
    var status: String
    /// NTE segments after this OBX.
    var notes: [String] = []

    /// The observation as CareQueue should read it back.
    var observation: Observation {
        Observation(code: code, text: text, valueType: valueType, value: value.display, units: units, range: range,
                    flags: flag.isEmpty ? [] : [flag], status: status, notes: notes)
    }
}

extension ReportedObservation {
    /// A numeric result of `analyte`, flagged from its value.
    init(_ analyte: SimulatedAnalyte, steps: Int, normalFlag: String, status: String) {
        self.init(valueType: "NM", code: analyte.code, text: analyte.text,
                  value: .text(analyte.formatted(steps: steps)), units: analyte.units, range: analyte.range,
                  flag: analyte.flag(steps: steps, normalFlag: normalFlag), status: status)
    }
}
