import Foundation
import QuarrySchema
import Testing

@testable import Quarry

// The deadline race and its scheduler, on a manual scheduler whose clock the tests move: nothing
// sleeps, and every deadline fires exactly when a test calls `fireDue()`.

/// A one-shot signal an async test can wait for.
private final class Signal: @unchecked Sendable {
    private let lock = NSLock()
    private var isRaised = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func raise() {
        let waiting: [CheckedContinuation<Void, Never>] = lock.withLock {
            isRaised = true
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let raised: Bool = lock.withLock {
                if !isRaised { waiters.append(continuation) }
                return isRaised
            }
            if raised { continuation.resume() }
        }
    }
}

/// A clock for a manual scheduler.
private final class ManualTime: @unchecked Sendable {
    private let lock = NSLock()
    private var nanoseconds: UInt64 = 1_000_000_000

    var now: UInt64 { lock.withLock { nanoseconds } }

    func advance(by duration: Duration) {
        lock.withLock { nanoseconds += UInt64(duration.components.seconds) * 1_000_000_000 }
    }
}

/// A provider whose call waits for `release` (ignoring cancellation unless `cooperative`), and
/// records whether its task was cancelled by the time it returned.
private final class GatedProvider: Provider, @unchecked Sendable {
    let name = "gated"
    let model = "m"
    let supportsConstrainedDecoding = true
    let cooperative: Bool
    let started = Signal()
    let release = Signal()
    let returned = Signal()
    private let lock = NSLock()
    private var calls = 0
    private var sawCancellation = false

    init(cooperative: Bool = false) { self.cooperative = cooperative }

    var callCount: Int { lock.withLock { calls } }
    var wasCancelled: Bool { lock.withLock { sawCancellation } }

    func complete(_ request: ExtractionRequest) async throws(ProviderFailure) -> ProviderReply {
        lock.withLock { calls += 1 }
        started.raise()
        if cooperative {
            await withTaskCancellationHandler {
                await release.wait()
            } onCancel: {
                release.raise()
            }
        } else {
            await release.wait()
        }
        let cancelled = Task.isCancelled
        lock.withLock { sawCancellation = cancelled }
        returned.raise()
        if cancelled && cooperative { throw .transport(.cancelled) }
        return ProviderReply(text: "{}", finishReason: .stop)
    }
}

/// A provider that answers without suspending.
private struct InstantProvider: Provider {
    let name = "instant"
    let model = "m"
    let supportsConstrainedDecoding = true

    func complete(_ request: ExtractionRequest) async throws(ProviderFailure) -> ProviderReply {
        ProviderReply(text: #"{"ok": true}"#, finishReason: .stop)
    }
}

/// Records when its deadline passes.
private final class Recorder: DeadlineTarget, @unchecked Sendable {
    let name: Int
    let log: Log
    init(_ name: Int, _ log: Log) {
        self.name = name
        self.log = log
    }
    func deadlinePassed() { log.append(name) }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [Int] = []
        var fired: [Int] { lock.withLock { names } }
        func append(_ name: Int) { lock.withLock { names.append(name) } }
    }
}

@Suite("Deadline race")
struct DeadlineRaceTests {
    let request = ExtractionRequest(
        messages: [ChatMessage(role: .user, content: "x")], schemaName: "s", schema: ["type": "object"])
    fileprivate let time = ManualTime()

    func manualScheduler() -> DeadlineScheduler {
        let time = self.time
        return DeadlineScheduler(usesTimer: false, clock: { time.now })
    }

    /// Waits until the race has registered its deadline (it does so right after the call's
    /// first suspension).
    func registered(_ scheduler: DeadlineScheduler, count: Int = 1) async -> Bool {
        for _ in 0..<1_000_000 {
            if scheduler.pendingCount == count { return true }
            await Task.yield()
        }
        return false
    }

    @Test func aCallThatDoesNotSuspendNeverRegistersADeadline() async {
        let scheduler = manualScheduler()
        let outcome = await DeadlineRace.run(
            request, on: InstantProvider(), timeLeft: .seconds(120), scheduler: scheduler)
        guard case .reply(let reply) = outcome else {
            Issue.record("expected the reply, got \(outcome)")
            return
        }
        #expect(reply.text == #"{"ok": true}"#)
        #expect(scheduler.pendingCount == 0)
    }

    @Test func aCallThatWinsRemovesItsDeadline() async {
        let scheduler = manualScheduler()
        let provider = GatedProvider()
        let race = Task { await DeadlineRace.run(request, on: provider, timeLeft: .seconds(30), scheduler: scheduler) }
        await provider.started.wait()
        #expect(await registered(scheduler))
        provider.release.raise()
        let outcome = await race.value
        guard case .reply = outcome else {
            Issue.record("expected the reply, got \(outcome)")
            return
        }
        #expect(scheduler.pendingCount == 0)
        #expect(!provider.wasCancelled)
        // The deadline passing later does nothing.
        time.advance(by: .seconds(60))
        scheduler.fireDue()
        #expect(scheduler.pendingCount == 0)
    }

    @Test func theDeadlineReturnsAtOnceEvenWhenTheCallIgnoresCancellation() async {
        let scheduler = manualScheduler()
        let provider = GatedProvider(cooperative: false)
        let race = Task { await DeadlineRace.run(request, on: provider, timeLeft: .seconds(30), scheduler: scheduler) }
        await provider.started.wait()
        #expect(await registered(scheduler))
        time.advance(by: .seconds(29))
        scheduler.fireDue()
        #expect(scheduler.pendingCount == 1)
        time.advance(by: .seconds(1))
        scheduler.fireDue()
        // The race is over although the call is still waiting.
        let outcome = await race.value
        guard case .deadline = outcome else {
            Issue.record("expected the deadline, got \(outcome)")
            return
        }
        #expect(scheduler.pendingCount == 0)
        // The call was cancelled; let it end, and check it saw the cancellation.
        provider.release.raise()
        await provider.returned.wait()
        #expect(provider.wasCancelled)
    }

    @Test func cancellingTheCallerCancelsTheCall() async {
        let scheduler = manualScheduler()
        let provider = GatedProvider(cooperative: true)
        let race = Task { await DeadlineRace.run(request, on: provider, timeLeft: .seconds(30), scheduler: scheduler) }
        await provider.started.wait()
        #expect(await registered(scheduler))
        race.cancel()
        let outcome = await race.value
        guard case .failure(.transport(.cancelled)) = outcome else {
            Issue.record("expected a cancelled transport, got \(outcome)")
            return
        }
        #expect(provider.wasCancelled)
        #expect(scheduler.pendingCount == 0)
    }

    @Test func anAlreadyCancelledCallerMakesNoCall() async {
        let scheduler = manualScheduler()
        let provider = GatedProvider(cooperative: true)
        let started = Signal()
        let race = Task {
            await started.wait()
            return await DeadlineRace.run(request, on: provider, timeLeft: .seconds(30), scheduler: scheduler)
        }
        race.cancel()
        started.raise()
        let outcome = await race.value
        guard case .failure(.transport(.cancelled)) = outcome else {
            Issue.record("expected a cancelled transport, got \(outcome)")
            return
        }
        #expect(provider.callCount == 0)
        #expect(scheduler.pendingCount == 0)
    }

    @Test func withoutADeadlineTheCallRunsDirectly() async {
        let scheduler = manualScheduler()
        let outcome = await DeadlineRace.run(request, on: InstantProvider(), timeLeft: nil, scheduler: scheduler)
        guard case .reply = outcome else {
            Issue.record("expected the reply, got \(outcome)")
            return
        }
        #expect(scheduler.pendingCount == 0)
    }

    @Test func anExtractionWithTheDefaultDeadlineAnswersFromAnInstantProvider() async throws {
        let schema = try Schema(compiling: ["type": "object"])
        let quarry = Quarry(provider: InstantProvider(), policy: ExtractionPolicy(), clock: ImmediateClock())
        #expect(ExtractionPolicy().deadline != nil)
        let result = try await quarry.extract("x", schema: schema, schemaName: "s")
        #expect(result.value == ["ok": true])
    }
}

@Suite("Deadline scheduler")
struct DeadlineSchedulerTests {
    @Test func firesDueDeadlinesInOrderAndNeverCancelledOnes() {
        let time = ManualTime()
        let scheduler = DeadlineScheduler(usesTimer: false, clock: { time.now })
        let log = Recorder.Log()
        var generator = SystemRandomNumberGenerator()
        var registrations: [(Int, Int, DeadlineScheduler.Registration)] = []
        for name in 0..<300 {
            let seconds = Int.random(in: 1...100, using: &generator)
            registrations.append((name, seconds, scheduler.schedule(after: .seconds(seconds), Recorder(name, log))))
        }
        var cancelled = Set<Int>()
        for (name, _, registration) in registrations where name % 3 == 0 {
            scheduler.cancel(registration)
            cancelled.insert(name)
        }
        #expect(scheduler.pendingCount == 200)
        var expected: [Int] = []
        for second in 1...100 {
            time.advance(by: .seconds(1))
            scheduler.fireDue()
            let due = registrations.filter { $0.1 == second && !cancelled.contains($0.0) }.map(\.0)
            #expect(Set(log.fired.suffix(due.count)) == Set(due))
            expected += due
            #expect(log.fired.count == expected.count)
        }
        #expect(scheduler.pendingCount == 0)
        #expect(Set(log.fired) == Set(expected))
        // Cancelling after firing is harmless.
        for (_, _, registration) in registrations { scheduler.cancel(registration) }
        #expect(scheduler.pendingCount == 0)
    }

    @Test func aHugeDurationDoesNotOverflow() {
        let time = ManualTime()
        let scheduler = DeadlineScheduler(usesTimer: false, clock: { time.now })
        let log = Recorder.Log()
        let registration = scheduler.schedule(after: .seconds(Int64.max), Recorder(1, log))
        time.advance(by: .seconds(1_000_000))
        scheduler.fireDue()
        #expect(log.fired.isEmpty)
        scheduler.cancel(registration)
        #expect(scheduler.pendingCount == 0)
    }
}
