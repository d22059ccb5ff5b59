import CareQueueCore
import Foundation
import Testing

/// README's example messages are the encoder's output for the sample closure, not hand-written:
/// a change to the encoder that is not carried into README fails here.
@Suite("README's outbound examples")
struct ReadmeOutboundExamplesTests {
    /// The fenced blocks of README that are CareQueue's outbound messages, in order.
    static func examples() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let blocks = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "```").enumerated()
            .filter { $0.offset % 2 == 1 }.map { $0.element.trimmingCharacters(in: .newlines) }
        return blocks.filter { $0.hasPrefix("MSH|^~\\&|CareQueue|") }
    }

    @Test("README shows the sample closure as MDM^T02 and as ORU^R01, exactly as encoded")
    func examplesMatchTheEncoder() throws {
        let shown = try Self.examples()
        let encoded = [OutboundSamples.encode(OutboundSamples.close, .mdmT02), OutboundSamples.encode(OutboundSamples.close, .oruR01)]
        #expect(shown == encoded.map { $0.split(separator: "\r").joined(separator: "\n") })
    }
}
