import HL7
import Testing

@Suite("Fields, repetitions, components, sub-components")
struct ValueTests {
    static let field: HL7Value = {
        let message = try! Fixture.parse([Fixture.header(version: "2.5.1"), "ZZZ|a1^b1&x&y^c1~a2^b2~~a4"])
        return message.segments[1][1]
    }()

    static let navigation: [Case<(rep: Int?, comp: Int?, sub: Int?), String>] = [
        Case("whole field", (nil, nil, nil), "a1^b1&x&y^c1~a2^b2~~a4"),
        Case("repetition 1", (1, nil, nil), "a1^b1&x&y^c1"),
        Case("repetition 2", (2, nil, nil), "a2^b2"),
        Case("empty repetition 3", (3, nil, nil), ""),
        Case("repetition 4", (4, nil, nil), "a4"),
        Case("repetition 5 is absent", (5, nil, nil), ""),
        Case("repetition 0 is absent", (0, nil, nil), ""),
        Case("component of a field reads repetition 1", (nil, 3, nil), "c1"),
        Case("component 2 of repetition 2", (2, 2, nil), "b2"),
        Case("component past the end", (2, 3, nil), ""),
        Case("sub-component of a component", (1, 2, 2), "x"),
        Case("sub-component of a field reads component 1", (nil, nil, 1), "a1"),
        Case("sub-component 1 of a plain component", (1, 3, 1), "c1"),
        Case("sub-component past the end", (1, 2, 4), ""),
        Case("negative component", (1, -1, nil), ""),
    ]

    @Test("Navigation is 1-based and never fails", arguments: navigation)
    func navigate(_ row: Case<(rep: Int?, comp: Int?, sub: Int?), String>) {
        var value = Self.field
        if let rep = row.input.rep { value = value.repetition(rep) }
        if let comp = row.input.comp { value = value.component(comp) }
        if let sub = row.input.sub { value = value.subcomponent(sub) }
        #expect(value.raw == row.expected)
    }

    @Test("Lists of repetitions, components and sub-components")
    func lists() {
        let field = Self.field
        #expect(field.repetitions.map(\.raw) == ["a1^b1&x&y^c1", "a2^b2", "", "a4"])
        #expect(field.components.map(\.raw) == ["a1", "b1&x&y", "c1"])
        #expect(field.repetition(1).component(2).subcomponents.map(\.text) == ["b1", "x", "y"])
        #expect(field.repetition(4).components.map(\.raw) == ["a4"])
        #expect(field.repetition(3).components.isEmpty)
        #expect(field.component(9).components.isEmpty)
    }

    @Test("Missing fields are empty values, not errors")
    func missingFields() throws {
        let segment = try Fixture.parse([Fixture.header(version: "2.5.1"), "ZZZ|1"]).segments[1]
        #expect(segment.fieldCount == 1)
        #expect(segment[1].text == "1")
        #expect(segment[2].isEmpty)
        #expect(segment[99].component(3).subcomponent(2).text == "")
        #expect(segment[-1].isEmpty)
        #expect(segment[2].repetitions.isEmpty)
    }

    @Test("HL7 null is distinguishable from empty")
    func null() throws {
        let segment = try Fixture.parse([Fixture.header(version: "2.5.1"), "ZZZ|\"\"||x"]).segments[1]
        #expect(segment[1].isNull)
        #expect(!segment[1].isEmpty)
        #expect(segment[1].text == "")
        #expect(segment[1].raw == "\"\"")
        #expect(!segment[2].isNull)
        #expect(segment[2].isEmpty)
    }

    @Test("Segment lookup by id, ids, Z detection, positions")
    func segments() throws {
        let message = try Fixture.parse(Fixture.oru251)
        #expect(message.segments(withID: "OBX").count == 3)
        #expect(message.segments(withID: "NTE").map(\.index) == [5, 7])
        #expect(message.firstSegment(withID: "ZPS")?.isZSegment == true)
        #expect(message.firstSegment(withID: "PID")?.isZSegment == false)
        #expect(message.firstSegment(withID: "XYZ") == nil)
        #expect(message.segments(withID: "TOOLONG").isEmpty)
        let pid = try #require(message.firstSegment(withID: "PID"))
        #expect(pid.line == 2)
        #expect(pid.byteOffset == Fixture.oru251[0].utf8.count + 1)
        #expect(String(decoding: pid.bytes, as: UTF8.self) == Fixture.oru251[1])
        #expect(Array(pid.terminator) == [0x0D])
    }
}
