import HL7

/// libFuzzer target: the HL7 parser, encoder, accessors and ACK builder.
///
/// Oracles for bytes that parse:
/// - `raw` is the input; `encoded()` is the input without a BOM and blank lines; each segment
///   sits where the documented rules put it (`ExpectedSegments`), on the line they give, and
///   `delimiterConflict` names the segment they give; `encoded(terminators: .carriageReturn)`
///   joins continuation lines and ends every segment with CR;
/// - the encoding parses again to the same encoding (a fixed point);
/// - `parseHeader` parses it too and agrees on MSH-10 (oversized frames are answered from it);
///   it reads the MSH's first line only, so a wrapped MSH is compared with its first line;
/// - no accessor traps (`walk`), and the ACKs parse and echo MSH-10.
/// For bytes that do not parse: the error's offset lies inside the input; nothing traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = HL7FileSplitter.split(bytes)
    let message: HL7Message
    do {
        message = try HL7Parser.parse(bytes)
    } catch {
        if error.offset < 0 || error.offset > bytes.count {
            fatalError("hl7: parse error offset \(error.offset) outside \(bytes.count) bytes")
        }
        _ = error.description
        _ = try? HL7Parser.parseHeader(bytes)
        return 0
    }
    if message.raw != bytes { fatalError("hl7: raw is not the input") }
    checkEncoding(message, bytes)
    walk(message)
    checkAcknowledgments(message)
    _ = try? HL7MessageBuilder(message).build()
    checkHeaderOnlyParse(message, bytes)
    return 0
}

func checkEncoding(_ message: HL7Message, _ bytes: [UInt8]) {
    let expected = ExpectedSegments(bytes)
    if message.segments.count != expected.segments.count {
        fatalError("hl7: \(message.segments.count) segments, the rules give \(expected.segments.count)")
    }
    for (segment, place) in zip(message.segments, expected.segments) {
        if segment.bytes != bytes[place.content] || segment.terminator != bytes[place.terminator] {
            fatalError("hl7: segment \(segment.index) is not where the rules put it")
        }
        if segment.line != place.line {
            fatalError("hl7: segment \(segment.index) says line \(segment.line), the rules give \(place.line)")
        }
    }
    let conflict = message.delimiterConflict.map { ($0.segmentIndex, $0.line) }
    let expectedConflict = expected.firstConflict.map { ($0.segmentIndex, $0.line) }
    if conflict?.0 != expectedConflict?.0 || conflict?.1 != expectedConflict?.1 {
        fatalError("hl7: delimiterConflict is \(String(describing: conflict)), the rules give \(String(describing: expectedConflict))")
    }
    let encoded = message.encoded()
    if encoded != expected.preserved(bytes) {
        fatalError("hl7: encoded() is not the input without its BOM and blank lines")
    }
    if message.encoded(terminators: .carriageReturn) != expected.carriageReturnTerminated(bytes) {
        fatalError("hl7: encoded(terminators: .carriageReturn) is not every segment joined and ended by CR")
    }
    guard let again = try? HL7Parser.parse(encoded) else {
        fatalError("hl7: encoded() of a message that parsed does not parse")
    }
    if again.encoded() != encoded { fatalError("hl7: encoding is not a fixed point") }
}

/// `parseHeader` reads the MSH's first line only (as documented: what an oversized frame's head
/// holds), so it must find the same MSH-10 bytes as `parse` of that line (whose character set may
/// differ: it is chosen from the whole input), and the same MSH-10 as `parse` of the whole input
/// when the MSH is not wrapped.
func checkHeaderOnlyParse(_ message: HL7Message, _ bytes: [UInt8]) {
    guard let header = try? HL7Parser.parseHeader(bytes) else {
        fatalError("hl7: parse succeeds but parseHeader throws")
    }
    let msh = message.segments[0]
    let wrap = msh.bytes.firstIndex(where: ExpectedSegments.isLineBreak)
    let firstLine = Array(bytes[..<(wrap ?? msh.bytes.endIndex)])
    guard let firstLineMessage = try? HL7Parser.parse(firstLine) else {
        fatalError("hl7: the MSH's first line alone does not parse")
    }
    if Array(header.header.segment[10].bytes) != Array(firstLineMessage.header.segment[10].bytes) {
        fatalError("hl7: parseHeader and parse of the MSH's first line find different MSH-10 bytes")
    }
    let controlID = header.header.controlID
    if wrap == nil, controlID != message.header.controlID {
        fatalError("hl7: parseHeader reads MSH-10 \(controlID.debugDescription), parse reads \(message.header.controlID.debugDescription)")
    }
}
