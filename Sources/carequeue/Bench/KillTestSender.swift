import CareQueueCore
import HL7
import MLLP

/// One kill-loop sender behaving like an interface engine: a message is resent — the same bytes,
/// the same control id — until an ACK answers it, reconnecting to wherever the listener now
/// listens; only then does the next message go.
struct KillTestSender: Sendable {
    /// Why a sender gave up.
    struct Stuck: Error, CustomStringConvertible {
        var controlID: String
        var waited: Duration
        var description: String { "message \(controlID) got no answer within \(waited)" }
    }

    var traffic: KillTestTraffic
    let ledger: KillTestLedger
    let control: KillTestControl
    /// How long one transmission waits for its ACK before the sender gives up on the connection.
    var ackTimeout: Duration = .seconds(10)
    /// How long one message may go unanswered, across all its resends, before the run fails.
    var messageDeadline: Duration = .seconds(90)

    /// Sends until told to stop (then the message in flight is still delivered) or the run aborts.
    func run() async throws {
        var traffic = traffic
        var connection: (client: MLLPClient, port: Int)?
        do {
            while !control.shouldStopSending, !control.isAborted {
                let message = traffic.next()
                guard let answer = try await deliver(message, over: &connection) else { break }
                ledger.record(answer)
            }
        } catch {
            await connection?.client.close()
            throw error
        }
        await connection?.client.close()
    }

    /// The answer to `message`, resending it as often as it takes; nil when the run aborted.
    private func deliver(_ message: OutgoingMessage,
                         over connection: inout (client: MLLPClient, port: Int)?) async throws -> AnsweredMessage? {
        let started = ContinuousClock.now
        var transmissions = 0
        var pause = Duration.milliseconds(1)
        while !control.isAborted {
            if ContinuousClock.now - started > messageDeadline {
                throw Stuck(controlID: message.controlID, waited: messageDeadline)
            }
            guard let port = control.port else {
                try await Task.sleep(for: .milliseconds(1))
                continue
            }
            if connection?.port != port {
                if let old = connection?.client { await old.close() }
                connection = (MLLPClient(host: "127.0.0.1", port: port, connectTimeout: .seconds(2)), port)
            }
            guard let client = connection?.client else { continue }
            do {
                try await client.connect()
            } catch {
                // Nothing went out: the listener is down or not yet listening.
                ledger.recordRefusedConnection()
                await client.close()
                connection = nil
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(5))
                continue
            }
            pause = .milliseconds(1)
            transmissions += 1
            let reply: [UInt8]?
            do {
                reply = try await client.send(message.bytes, timeout: .nanoseconds(ackTimeout.nanoseconds))
            } catch {
                // The connection died under the message (a kill): the client reconnects on the next try.
                reply = nil
            }
            if let reply {
                let (code, answered) = Self.acknowledgement(reply)
                return AnsweredMessage(message: message, ackCode: code, answeredControlID: answered,
                                       transmissions: transmissions)
            }
        }
        return nil
    }

    /// MSA-1 and MSA-2 of a reply; "INVALID" when it is not an ACK.
    static func acknowledgement(_ reply: [UInt8]) -> (code: String, controlID: String) {
        guard let ack = try? HL7Message(parsing: reply), let msa = ack.firstSegment(withID: "MSA") else {
            return ("INVALID", "")
        }
        let code = msa[1].text
        return (code.isEmpty ? "INVALID" : code, msa[2].raw)
    }
}

extension Duration {
    /// The whole duration in nanoseconds (NIO's `TimeAmount` unit).
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
