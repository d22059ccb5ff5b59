import CareQueueCore
import Foundation
import Testing

@Suite("Outbox delivery: the verdict on an EHR's reply, and the retry wait")
struct DeliveryVerdictTests {
    static func ack(_ code: String, answering controlID: String = "CID1", text: String = "", err: String? = nil) -> [UInt8] {
        var message = "MSH|^~\\&|EHR|H|CareQueue||20260301120000||ACK^T02^ACK|A1|P|2.5.1\rMSA|\(code)|\(controlID)"
        if !text.isEmpty { message += "|\(text)" }
        message += "\r"
        if let err { message += "ERR|||207|E||||\(err)\r" }
        return Array(message.utf8)
    }

    @Test("AA and CA deliver; AE, AR, CE and CR refuse with the EHR's words; both keep the ACK")
    func answers() {
        for code in ["AA", "CA"] {
            guard case .delivered(let got, let shown) = DeliveryVerdict.judge(reply: Self.ack(code), controlID: "CID1", timeout: 30) else {
                Issue.record("\(code) should deliver")
                continue
            }
            #expect(got == code)
            #expect(shown.contains("MSA|\(code)|CID1"))
        }
        #expect(DeliveryVerdict.judge(reply: Self.ack("AE", text: "unknown patient"), controlID: "CID1", timeout: 30)
            == .refused(code: "AE", ack: String(decoding: Self.ack("AE", text: "unknown patient"), as: UTF8.self),
                        reason: "AE: unknown patient"))
        guard case .refused(_, _, let fromERR) = DeliveryVerdict.judge(reply: Self.ack("AR", err: "no such order"), controlID: "CID1", timeout: 30) else {
            Issue.record("AR should refuse")
            return
        }
        #expect(fromERR == "AR: no such order")
        for code in ["CE", "CR"] {
            guard case .refused(let got, _, let reason) = DeliveryVerdict.judge(reply: Self.ack(code), controlID: "CID1", timeout: 30) else {
                Issue.record("\(code) should refuse")
                continue
            }
            #expect(got == code && reason == code)
        }
    }

    @Test("no reply, a reply that is no ACK, an ACK to another message or an unknown code: send again")
    func retries() {
        #expect(DeliveryVerdict.judge(reply: nil, controlID: "CID1", timeout: 30) == .retry(reason: "no ACK within 30 s"))
        #expect(DeliveryVerdict.judge(reply: Self.ack("AA", answering: "OTHER"), controlID: "CID1", timeout: 30)
            == .retry(reason: "the ACK answers control id OTHER, not CID1"))
        guard case .retry(let garbage) = DeliveryVerdict.judge(reply: Array("HTTP/1.1 400\r\n\u{1B}[2J".utf8), controlID: "CID1", timeout: 30) else {
            Issue.record("garbage should be retried")
            return
        }
        #expect(garbage.hasPrefix("the reply is not an HL7 ACK"))
        #expect(!garbage.contains("\u{1B}"), "control characters are shown, never passed on")
        guard case .retry(let odd) = DeliveryVerdict.judge(reply: Self.ack("ZZ"), controlID: "CID1", timeout: 30) else {
            Issue.record("an unknown code should be retried")
            return
        }
        #expect(odd.contains("ZZ"))
    }

    @Test("the wait doubles from one second and stops at the cap")
    func backoff() {
        #expect((0...8).map { DeliveryVerdict.backoff(afterFailures: $0, cap: 60) } == [0, 1, 2, 4, 8, 16, 32, 60, 60])
        #expect(DeliveryVerdict.backoff(afterFailures: 10_000, cap: 300) == 300)
        #expect(DeliveryVerdict.backoff(afterFailures: 3, cap: 1) == 1)
    }
}
