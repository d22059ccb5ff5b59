import HL7
import Testing

@Suite("Copying a segment into a message with the standard delimiters")
struct SegmentReencodingTests {
    @Test("a segment already in |^~\\& comes out byte for byte")
    func standardUnchanged() throws {
        let pid = #"PID|1||MRN1^^^CQ^MR~L9^^^LAB^PI||O\S\Brien^Pat&Q||19700101|F"#
        let message = try Fixture.parse(["MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1", pid])
        #expect(message.segments[1].reencoded() == pid)
    }

    @Test("other delimiters become the standard ones; data that is now a delimiter is escaped")
    func otherDelimiters() throws {
        // Field `!`, component `@`, repetition `%`, escape `$`, sub-component `*`: `|`, `^`, `&`, `~`
        // and `\` in it are plain data.
        let message = try Fixture.parse([
            "MSH!@%$*!LAB!NORTH!CQ!CLINIC!20240101!!ORU@R01!1!P!2.5.1",
            "PID!1!!MRN1@@@CQ@MR%L9!!Smith|Jones@A^B!!19700101!F!!!1 Main & Co~Unit \\2",
            "OBX!1!ST!X!!a$F$b",
        ])
        let pid = message.segments[1].reencoded()
        #expect(pid == #"PID|1||MRN1^^^CQ^MR~L9||Smith\F\Jones^A\S\B||19700101|F|||1 Main \T\ Co\R\Unit \E\2"#)
        #expect(message.segments[2].reencoded() == #"OBX|1|ST|X||a\F\b"#)
        let copied = try Fixture.parse(["MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5.1", pid])
        #expect(copied.segments[1][5].component(1).text == "Smith|Jones")
        #expect(copied.segments[1][5].component(2).text == "A^B")
        #expect(copied.segments[1][11].text == "1 Main & Co~Unit \\2")
        #expect(copied.segments[1][3].repetition(2).text == "L9")
    }

    @Test("text is decoded from the message's character set")
    func latin1() throws {
        var bytes = Fixture.bytes(["MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1|||||||8859/1", "PID|1||M1||M"])
        bytes.insert(0xFC, at: bytes.count - 1)  // "Mü"
        let message = try HL7Parser.parse(bytes)
        #expect(message.segments[1].reencoded() == "PID|1||M1||Mü")
    }
}
