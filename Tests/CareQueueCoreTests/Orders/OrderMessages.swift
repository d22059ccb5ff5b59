import Foundation

/// Order and referral messages for the tests, fields placed by number (`\r` terminators).
enum OrderMessages {
    static func segment(_ id: String, _ fields: [Int: String]) -> String {
        let last = fields.keys.max() ?? 0
        return ([id] + (1...max(last, 1)).map { fields[$0] ?? "" }).joined(separator: "|")
    }

    static func msh(_ type: String, version: String, control: String = "O1") -> String {
        "MSH|^~\\&|EHR|CLINIC|LAB|CITYLAB|20260301081000||\(type)|\(control)|P|\(version)"
    }

    static let pid = segment("PID", [1: "1", 3: "MRN100001^^^CITYHOSP^MR", 5: "TESTPATIENT^ALPHA", 7: "19620320"])
    static let patel = "1000000020^Patel^Anika^^^^MD^^^^^^NPI"

    /// ORM^O01 v2.3 with one ORC/OBR per entry: (control, placer, filler, test, priority in ORC-7.6 and OBR-27.6).
    static func orm(_ orders: [(control: String, placer: String, filler: String, test: String, priority: String)],
                    version: String = "2.3", pid: String? = pid) -> String {
        var segments = [msh("ORM^O01", version: version)] + (pid.map { [$0] } ?? [])
        for order in orders {
            let timing = order.priority.isEmpty ? "" : "^^^^^\(order.priority)"
            segments.append(segment("ORC", [1: order.control, 2: order.placer, 3: order.filler, 7: timing,
                                            9: "20260301081000", 12: patel]))
            if !order.test.isEmpty {
                segments.append(segment("OBR", [1: "1", 2: order.placer, 3: order.filler, 4: order.test, 6: "20260301080500",
                                                16: patel, 27: timing]))
            }
        }
        return segments.joined(separator: "\r") + "\r"
    }

    /// OML^O21 v2.5.1: ORC, TQ1 (priority), OBR; times with an offset.
    static func oml(placer: String = "PL-9002", test: String = "24320-4^Basic metabolic panel^LN", priority: String = "S") -> String {
        [msh("OML^O21^OML_O21", version: "2.5.1"), pid,
         segment("ORC", [1: "NW", 2: placer, 9: "20260301091000-0500", 12: patel]),
         segment("TQ1", [1: "1", 9: priority]),
         segment("OBR", [1: "1", 2: placer, 4: test, 16: patel])].joined(separator: "\r") + "\r"
    }

    /// REF^I12/I13/I14 v2.5: RF1 (id in RF1-6, reason in RF1-10), referring and referred-to PRDs.
    static func ref(_ trigger: String = "I12", id: String = "RF-5001", referredTo: String = "Ng^Lee") -> String {
        [msh("REF^\(trigger)^REF_I12", version: "2.5"),
         segment("RF1", [1: "P^Pending", 3: "SP^Specialty", 6: id, 7: "20260301", 10: "CARD^Chest pain evaluation"]),
         segment("PRD", [1: "RP", 2: "Patel^Anika", 7: "1000000020^NPI"]),
         segment("PRD", [1: "RT", 2: referredTo, 7: "1234567893^NPI"]),
         pid].joined(separator: "\r") + "\r"
    }
}
