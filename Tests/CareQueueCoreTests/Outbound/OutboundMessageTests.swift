import CareQueueCore
import Foundation
import HL7
import Testing

@Suite("Outbound messages: encoding")
struct OutboundMessageTests {
    typealias Samples = OutboundSamples

    static func parse(_ text: String) throws -> HL7Message {
        try HL7Parser.parse(Array(text.utf8))
    }

    /// OBX-3 identifier and OBX-5 text of every OBX, in order.
    static func lines(_ message: HL7Message) -> [String] {
        message.segments(withID: "OBX").map { "\($0[3].component(1).text): \($0[5].text)" }
    }

    static let closeLines = [
        "EVENT: CareQueue task 1042 closed by Dana Reyes (NPI 1234567893, user dreyes)",
        "OUTCOME: Outcome: reached",
        "NOTE: Reached patient, advised ED.",
        "NOTE: Will recheck BMP tomorrow.",
        "TEST: Test: 24320-4 Basic metabolic panel",
        "VALUE: Value: Potassium 6.8 mmol/L HH",
        "PLACER: Placer order number: PL-1001",
        "FILLER: Filler order number: FL-2002",
    ]

    @Test("MDM^T02, field by field")
    func mdmFields() throws {
        let message = try Self.parse(Samples.encode())
        #expect(message.segments.map(\.id) == ["MSH", "EVN", "PID", "PV1", "TXA"] + Array(repeating: "OBX", count: 8))
        let msh = message.segments[0]
        #expect(msh[3].text == "CareQueue")
        #expect(msh[4].raw == "EASTSIDE^2.16.840.1.113883.19.5^ISO")
        #expect(msh[5].text == "EPIC")
        #expect(msh[6].text == "EASTSIDE")
        #expect(msh[7].text == "20260314153012-0500")
        #expect(msh[9].raw == "MDM^T02^MDM_T02")
        #expect(msh[10].text == "CQ1042C")
        #expect(msh[11].text == "P")
        #expect(msh[12].text == "2.5.1")
        #expect(msh[18].isEmpty, "ASCII only: no character set declared")
        let evn = message.segments[1]
        #expect(evn[1].text == "T02")
        #expect(evn[2].text == "20260314153000-0500")
        #expect(String(decoding: message.segments[2].bytes, as: UTF8.self) == Samples.pid)
        #expect(message.segments[3][2].text == "O")
        let txa = message.segments[4]
        #expect(txa[1].text == "1")
        #expect(txa[2].text == "PN")
        #expect(txa[3].text == "TX")
        #expect(txa[4].text == "20260314153000-0500")
        #expect(txa[5].raw == "1234567893^Dana Reyes")
        #expect(txa[9].raw == "1234567893^Dana Reyes")
        #expect(txa[12].raw == "1042-close-20260314203000^CareQueue")
        #expect(txa[14].text == "PL-1001")
        #expect(txa[15].text == "FL-2002")
        #expect(txa[17].text == "AU")
        #expect(txa[19].text == "AV")
        #expect(Self.lines(message) == Self.closeLines)
        for (index, obx) in message.segments(withID: "OBX").enumerated() {
            #expect(obx[1].text == String(index + 1))
            #expect(obx[2].text == "TX")
            #expect(obx[3].component(3).text == "99CQ")
            #expect(obx[11].text == "F")
            #expect(obx[14].text == "20260314153000-0500")
        }
        #expect(message.segments(withID: "OBX").map { $0[4].text } == ["1", "1", "1", "2", "1", "1", "1", "1"])
    }

    @Test("MDM^T02, the whole message")
    func mdmExact() {
        let expected = [
            "MSH|^~\\&|CareQueue|EASTSIDE^2.16.840.1.113883.19.5^ISO|EPIC|EASTSIDE|20260314153012-0500||MDM^T02^MDM_T02|CQ1042C|P|2.5.1",
            "EVN|T02|20260314153000-0500",
            Samples.pid,
            "PV1|1|O",
            "TXA|1|PN|TX|20260314153000-0500|1234567893^Dana Reyes|20260314153000-0500|||1234567893^Dana Reyes|||1042-close-20260314203000^CareQueue||PL-1001|FL-2002||AU||AV",
            "OBX|1|TX|EVENT^Event^99CQ|1|CareQueue task 1042 closed by Dana Reyes (NPI 1234567893, user dreyes)||||||F|||20260314153000-0500",
            "OBX|2|TX|OUTCOME^Outcome^99CQ|1|Outcome: reached||||||F|||20260314153000-0500",
            "OBX|3|TX|NOTE^Note^99CQ|1|Reached patient, advised ED.||||||F|||20260314153000-0500",
            "OBX|4|TX|NOTE^Note^99CQ|2|Will recheck BMP tomorrow.||||||F|||20260314153000-0500",
            "OBX|5|TX|TEST^Test^99CQ|1|Test: 24320-4 Basic metabolic panel||||||F|||20260314153000-0500",
            "OBX|6|TX|VALUE^Value^99CQ|1|Value: Potassium 6.8 mmol/L HH||||||F|||20260314153000-0500",
            "OBX|7|TX|PLACER^Placer order number^99CQ|1|Placer order number: PL-1001||||||F|||20260314153000-0500",
            "OBX|8|TX|FILLER^Filler order number^99CQ|1|Filler order number: FL-2002||||||F|||20260314153000-0500",
        ]
        #expect(Samples.encode() == expected.map { $0 + "\r" }.joined())
    }

    @Test("ORU^R01, field by field: the same lines under the original order")
    func oruFields() throws {
        let message = try Self.parse(Samples.encode(Samples.close, .oruR01))
        #expect(message.segments.map(\.id) == ["MSH", "PID", "ORC", "OBR"] + Array(repeating: "OBX", count: 8))
        let msh = message.segments[0]
        #expect(msh[9].raw == "ORU^R01^ORU_R01")
        #expect(msh[10].text == "CQ1042C")
        #expect(msh[12].text == "2.5.1")
        #expect(String(decoding: message.segments[1].bytes, as: UTF8.self) == Samples.pid)
        let orc = message.segments[2]
        #expect(orc[1].text == "RE")
        #expect(orc[2].text == "PL-1001")
        #expect(orc[3].text == "FL-2002")
        #expect(orc[7].isEmpty)
        #expect(orc[9].text == "20260314153000-0500")
        let obr = message.segments[3]
        #expect(obr[1].text == "1")
        #expect(obr[2].text == "PL-1001")
        #expect(obr[3].text == "FL-2002")
        #expect(obr[4].raw == "24320-4^Basic metabolic panel")
        #expect(obr[22].text == "20260314153000-0500")
        #expect(obr[25].text == "F")
        #expect(obr[27].isEmpty)
        #expect(Self.lines(message) == Self.closeLines)
    }

    @Test("MSH-9 carries the message structure from v2.3.1 on; v2.3 gets ORC-7 and OBR-27", arguments: [
        ("2.3", "MDM^T02", "ORU^R01", "1"), ("2.3.1", "MDM^T02^MDM_T02", "ORU^R01^ORU_R01", ""),
        ("2.4", "MDM^T02^MDM_T02", "ORU^R01^ORU_R01", ""), ("2.5", "MDM^T02^MDM_T02", "ORU^R01^ORU_R01", ""),
    ])
    func versions(_ version: String, _ mdmType: String, _ oruType: String, _ quantityTiming: String) throws {
        let mdm = try Self.parse(Samples.encode(Samples.close, .mdmT02, version: version))
        #expect(mdm.header.segment[9].raw == mdmType)
        #expect(mdm.header.segment[12].text == version)
        let oru = try Self.parse(Samples.encode(Samples.close, .oruR01, version: version))
        #expect(oru.header.segment[9].raw == oruType)
        #expect(oru.segments[2][7].text == quantityTiming)
        #expect(oru.segments[3][27].text == quantityTiming)
    }

    @Test("a note's delimiters, escape character and line breaks round-trip through our parser")
    func escapesRoundTrip() throws {
        var event = Samples.close
        event.note = "K+ 6.8|repeat^draw & call ~ 2h\\ later\r\nline two\rline three\n\nafter a blank line\n"
        event.actor = .init(label: "zoë", npi: "1234567893", name: "Zoë Ångström-Núñez")
        for type in CareQueueConfig.Outbound.MessageType.allCases {
            let text = Samples.encode(event, type)
            let message = try Self.parse(text)
            let notes = message.segments(withID: "OBX").filter { $0[3].component(1).text == "NOTE" }
            #expect(notes.map { $0[5].text } == ["K+ 6.8|repeat^draw & call ~ 2h\\ later", "line two", "line three", "",
                                                 "after a blank line"])
            #expect(notes.map { $0[4].text } == ["1", "2", "3", "4", "5"])
            #expect(notes.first?[5].raw == #"K+ 6.8\F\repeat\S\draw \T\ call \R\ 2h\E\ later"#)
            #expect(message.header.segment[18].text == "UNICODE UTF-8")
            #expect(message.segments(withID: "OBX")[0][5].text
                == "CareQueue task 1042 closed by Zoë Ångström-Núñez (NPI 1234567893, user zoë)")
            if type == .mdmT02 { #expect(message.segments[4][5].component(2).text == "Zoë Ångström-Núñez") }
        }
    }

    @Test("no control character but the segment terminator reaches the wire")
    func controlCharacters() throws {
        var event = Samples.close
        event.note = "tab\there\u{0}nul\u{1B}[31mesc\u{7F}del\u{85}nel"
        event.result.value = "6.8\u{7}"
        event.actor = .init(label: "d\u{1B}reyes")
        let text = OutboundMessage.encode(event, originalPID: Samples.pid + "\u{0B}", settings: Samples.settings(),
                                          controlID: "C\u{1C}1", at: Samples.sentAt, timeZone: Samples.utc)
        #expect(!text.unicodeScalars.contains { $0 != "\r" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) })
        let message = try Self.parse(text)
        #expect(message.segments(withID: "PID").count == 1)
        #expect(message.header.segment[10].text == "C1")
        // NEL (U+0085) ends a line like CR and LF; the others are dropped, a tab becomes a space.
        #expect(Self.lines(message).filter { $0.hasPrefix("NOTE") } == ["NOTE: tab herenul[31mescdel", "NOTE: nel"])
        #expect(Self.lines(message).contains("VALUE: Value: Potassium 6.8 mmol/L HH"))
        #expect(Self.lines(message)[0] == "EVENT: CareQueue task 1042 closed by dreyes")
    }

    @Test("an attempt names its outcome and callback; a sign-off without a note has no note lines")
    func attemptAndSignoff() throws {
        var attempt = Samples.close
        attempt.kind = .attempt
        attempt.outcome = "no-answer"
        attempt.note = "No answer on home phone."
        attempt.callbackAt = Samples.closedAt.addingTimeInterval(16 * 3600)
        let attemptLines = Self.lines(try Self.parse(Samples.encode(attempt)))
        #expect(Array(attemptLines.prefix(4)) == [
            "EVENT: CareQueue task 1042 call attempt by Dana Reyes (NPI 1234567893, user dreyes)",
            "OUTCOME: Outcome: no-answer",
            "CALLBACK: Callback: 2026-03-15 07:30 -0500",
            "NOTE: No answer on home phone.",
        ])

        var signoff = Samples.close
        signoff.kind = .signoff
        signoff.outcome = nil
        signoff.note = " \n"
        signoff.actor = .init(label: "achen")
        let message = try Self.parse(Samples.encode(signoff))
        #expect(Self.lines(message).map { String($0.prefix(while: { $0 != ":" })) } == ["EVENT", "TEST", "VALUE", "PLACER", "FILLER"])
        #expect(Self.lines(message)[0] == "EVENT: CareQueue task 1042 signed off by achen")
        #expect(message.segments[4][5].raw == "^achen", "no roster entry: the label alone as the author")
        #expect(message.segments[4][12].component(1).text == "1042-signoff-20260314203000")
    }

    @Test("the document number is the same for every encoding of one event, and differs between events")
    func documentNumber() throws {
        func number(_ event: OutboundEvent, controlID: String = "A", at: Date = Samples.sentAt) throws -> String {
            let text = OutboundMessage.encode(event, originalPID: Samples.pid, settings: Samples.settings(),
                                              controlID: controlID, at: at, timeZone: Samples.chicago)
            return try Self.parse(text).segments[4][12].component(1).text
        }
        let first = try number(Samples.close)
        #expect(try number(Samples.close, controlID: "B", at: Samples.sentAt.addingTimeInterval(600)) == first)
        var reopened = Samples.close
        reopened.kind = .reopen
        var later = Samples.close
        later.at = Samples.closedAt.addingTimeInterval(1)
        var otherTask = Samples.close
        otherTask.taskID = 1043
        #expect(Set([first, try number(reopened), try number(later), try number(otherTask)]).count == 4)
    }
}
