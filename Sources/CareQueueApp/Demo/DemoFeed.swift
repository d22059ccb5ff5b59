import CareQueueCore
import Foundation
import MLLP

/// Getting results into the demo before the screen opens.
public enum DemoFeed {
    /// Sends `samples` (or, without any, a burst of simulated results) through the listener.
    public static func load(_ samples: [[UInt8]], host: String, port: Int, roster: [Provider]) async throws {
        if samples.isEmpty {
            let burst = SimulatedFeed(host: host, port: port, rate: 500, count: 40, roster: roster,
                                      seed: UInt64(Date().timeIntervalSince1970))
            try await burst.run { _, _ in }
            return
        }
        let client = MLLPClient(host: host, port: port)
        for message in samples {
            _ = try await client.send(message, timeout: .seconds(10))
        }
        await client.close()
    }
}
