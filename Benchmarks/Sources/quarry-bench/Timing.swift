/// Plain `ContinuousClock` timing: warm-up runs, then `runs` timed runs; median and best.

import Foundation

/// Keeps results alive so the optimizer cannot drop the measured work.
nonisolated(unsafe) var blackHole = 0

@inline(never)
func consume(_ value: Int) { blackHole &+= value }

struct Measurement: Sendable {
    /// Seconds per run, in the order measured.
    var samples: [Double]
    /// Operations (validations, or bytes for parsing) per run.
    var operationsPerRun: Int

    var median: Double {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
    var best: Double { samples.min() ?? .nan }
    /// Operations per second at the median run.
    var rate: Double { Double(operationsPerRun) / median }
    /// Microseconds per operation at the median run.
    var microsecondsPerOperation: Double { median * 1e6 / Double(operationsPerRun) }
    /// For byte workloads: 10^6 bytes per second at the median run.
    var megabytesPerSecond: Double { Double(operationsPerRun) / median / 1e6 }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

/// Runs `body` `warmup` times untimed and `runs` times timed. `body` returns a value that is
/// fed to ``consume(_:)``.
func measure(
    _ label: String, operations: Int, warmup: Int = 1, runs: Int, verbose: Bool = true, _ body: () throws -> Int
) rethrows -> Measurement {
    let clock = ContinuousClock()
    for _ in 0..<warmup { consume(try body()) }
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        consume(result)
        samples.append(elapsed.seconds)
    }
    return finished(label, samples: samples, operations: operations, verbose: verbose)
}

/// ``measure(_:operations:warmup:runs:verbose:_:)`` for async work (the `overhead` workload).
/// Call it from a nonisolated context so the timed loop does not hop actors per iteration.
func measureAsync(
    _ label: String, operations: Int, warmup: Int = 1, runs: Int, verbose: Bool = true,
    _ body: () async throws -> Int
) async rethrows -> Measurement {
    let clock = ContinuousClock()
    for _ in 0..<warmup { consume(try await body()) }
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        let result = try await body()
        let elapsed = clock.now - start
        consume(result)
        samples.append(elapsed.seconds)
    }
    return finished(label, samples: samples, operations: operations, verbose: verbose)
}

private func finished(_ label: String, samples: [Double], operations: Int, verbose: Bool) -> Measurement {
    let measurement = Measurement(samples: samples, operationsPerRun: operations)
    if verbose {
        let formatted = samples.map { String(format3: $0) }.joined(separator: " ")
        log("  \(label): median \(String(format3: measurement.median)) s over \(samples.count) runs [\(formatted)]")
    }
    return measurement
}

func log(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

extension String {
    /// A number with three significant decimals, no Foundation formatting needed by callers.
    init(format3 value: Double) {
        self = String(format: "%.3f", value)
    }
}

/// Runs async work from synchronous code on the global executor and waits for it. The
/// benchmark's top level stays synchronous (no `dispatch_main`), so tools such as valgrind can
/// run it.
func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Swift.Result<T, any Error>?
    Task.detached {
        do { result = .success(try await work()) } catch { result = .failure(error) }
        done.signal()
    }
    done.wait()
    guard let result else { throw BenchError("async work ended without a result") }
    return try result.get()
}
