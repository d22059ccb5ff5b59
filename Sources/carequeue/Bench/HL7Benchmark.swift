import HL7

/// Times parsing plus the typed extraction CareQueue does on every message (for `carequeue bench parse`).
enum HL7Benchmark {
    /// What one run measured.
    struct Result: Sendable, Equatable {
        /// Wall time of all iterations.
        var seconds: Double
        /// Messages parsed (corpus size × iterations).
        var messages: Int
        /// Bytes parsed (corpus bytes × iterations).
        var bytes: Int
        /// Messages that failed to parse or group (counted in `messages` too).
        var failures: Int
        /// A sum over the extracted values: the same corpus always gives the same number, and
        /// returning it keeps the optimiser from skipping the work.
        var checksum: Int

        /// Mean time per message in microseconds.
        var microsecondsPerMessage: Double { messages == 0 ? 0 : seconds * 1_000_000 / Double(messages) }
    }

    /// Parses every message of `corpus` `iterations` times, reading MSH, PID, OBR and OBX fields.
    static func run(corpus: [[UInt8]], iterations: Int) -> Result {
        let clock = ContinuousClock()
        var failures = 0
        var checksum = 0
        let elapsed = clock.measure {
            for _ in 0..<max(iterations, 0) {
                for bytes in corpus {
                    if let sink = extract(bytes) {
                        checksum &+= sink
                    } else {
                        failures += 1
                    }
                }
            }
        }
        let corpusBytes = corpus.reduce(0) { $0 + $1.count }
        let count = max(iterations, 0)
        return Result(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                      messages: corpus.count * count, bytes: corpusBytes * count, failures: failures, checksum: checksum)
    }

    /// The extraction a result message gets; returns a number derived from it, nil on failure.
    static func extract(_ bytes: [UInt8]) -> Int? {
        guard let message = try? HL7Parser.parse(bytes), let structure = try? message.oruStructure() else { return nil }
        let header = message.header
        var sink = header.controlID.utf8.count + header.sendingApplication.encoded.utf8.count
            + header.sendingFacility.encoded.utf8.count + header.versionID.utf8.count + header.triggerEvent.utf8.count
        // Observation groups are read in place by index rather than copied (with their references) per step.
        let results = structure.patientResults
        for r in results.indices {
            if let patient = results[r].patient {
                sink &+= (patient.mrn?.utf8.count ?? 0) + patient.family.utf8.count + patient.given.utf8.count
                    + (patient.dateOfBirthISO?.utf8.count ?? 0) + (patient.phone?.utf8.count ?? 0)
            }
            let orders = results[r].orders
            for order in orders {
                let request = order.request
                sink &+= (order.fillerOrderNumber?.utf8.count ?? 0) + (order.placerOrderNumber?.utf8.count ?? 0)
                    + request.service.identifier.utf8.count + request.service.text.utf8.count
                    + request.resultStatus.utf8.count + (order.orderingProvider?.person.isNPI == true ? 1 : 0)
                let observations = order.observations
                for k in observations.indices {
                    let observation = observations[k].observation
                    let identifier = observation.identifier
                    sink &+= identifier.identifier.utf8.count + identifier.text.utf8.count
                        + observation.displayValue.utf8.count + observation.units.utf8.count
                        + observation.referenceRange.utf8.count + observation.abnormalFlags.count
                        + observation.resultStatus.utf8.count
                }
            }
        }
        return sink
    }
}
