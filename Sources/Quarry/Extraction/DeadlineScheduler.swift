import Dispatch
import Foundation

/// Something that must hear when its deadline passes.
protocol DeadlineTarget: AnyObject, Sendable {
    /// Called once, on the scheduler's queue (or in ``DeadlineScheduler/fireDue()`` for a
    /// manual scheduler), when the deadline has passed and the registration was not cancelled.
    func deadlinePassed()
}

/// One process-wide timer for every pending deadline: a min-heap of registrations and a single
/// dispatch timer armed for the earliest.
///
/// Registering and cancelling take a lock and update the heap; no task or thread sleeps per
/// deadline, and a cancelled registration leaves nothing behind. The timer is re-armed only
/// when a registration comes earlier than the time it is armed for, so a steady stream of calls
/// with the same deadline policy does not touch it at all; when it fires early for a cancelled
/// registration it re-arms for the next one.
///
/// A manual scheduler (`usesTimer: false`) has no timer: tests move its clock and call
/// ``fireDue()``, so nothing ever sleeps.
final class DeadlineScheduler: @unchecked Sendable {
    /// The scheduler every ``DeadlineRace`` uses unless given another.
    static let shared = DeadlineScheduler()

    /// A pending deadline; pass it to ``cancel(_:)`` when the work finished in time.
    final class Registration: @unchecked Sendable {
        /// The deadline, in the scheduler's nanoseconds.
        let deadline: UInt64
        /// Who to tell; `nil` once fired or cancelled.
        fileprivate var target: (any DeadlineTarget)?
        /// The position in the heap, or -1 when not in it.
        fileprivate var index = -1

        fileprivate init(deadline: UInt64, target: any DeadlineTarget) {
            self.deadline = deadline
            self.target = target
        }
    }

    private let lock = NSLock()
    private var heap: [Registration] = []
    /// The deadline the timer is armed for; `UInt64.max` when it is not armed.
    private var armedFor = UInt64.max
    private let timer: (any DispatchSourceTimer)?
    private let clock: @Sendable () -> UInt64

    /// Creates a scheduler reading `clock` (monotonic nanoseconds; by default the uptime
    /// clock dispatch timers use). Without a timer, due deadlines fire only in ``fireDue()``.
    init(usesTimer: Bool = true, clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.clock = clock
        guard usesTimer else {
            timer = nil
            return
        }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "quarry.deadlines"))
        self.timer = timer
        timer.setEventHandler { [weak self] in self?.fireDue() }
        timer.resume()
    }

    /// The scheduler's current time, in nanoseconds.
    var now: UInt64 { clock() }

    /// The number of registrations waiting (for tests: none may outlive its work).
    var pendingCount: Int { lock.withLock { heap.count } }

    /// Tells `target` when `duration` from now has passed, unless cancelled first.
    func schedule(after duration: Duration, _ target: any DeadlineTarget) -> Registration {
        let (seconds, attoseconds) = max(duration, .zero).components
        let nanoseconds = UInt64(clamping: seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let offset = nanoseconds.overflow ? UInt64.max : nanoseconds.partialValue &+ UInt64(attoseconds / 1_000_000_000)
        let (deadline, overflow) = now.addingReportingOverflow(offset)
        let registration = Registration(deadline: overflow ? UInt64.max - 1 : deadline, target: target)
        lock.withLock {
            registration.index = heap.count
            heap.append(registration)
            siftUp(registration.index)
            if registration.deadline < armedFor {
                armedFor = registration.deadline
                timer?.schedule(
                    deadline: DispatchTime(uptimeNanoseconds: registration.deadline), leeway: .milliseconds(1))
            }
        }
        return registration
    }

    /// Removes a registration that has not fired; nothing happens for one that has.
    func cancel(_ registration: Registration) {
        lock.withLock {
            registration.target = nil
            guard registration.index >= 0 else { return }
            remove(at: registration.index)
        }
    }

    /// Tells every target whose deadline has passed, and arms the timer for the next one.
    func fireDue() {
        var due: [any DeadlineTarget] = []
        lock.withLock {
            let current = now
            while let first = heap.first, first.deadline <= current {
                remove(at: 0)
                if let target = first.target { due.append(target) }
                first.target = nil
            }
            let next = heap.first?.deadline ?? UInt64.max
            if next != armedFor {
                armedFor = next
                if next != UInt64.max {
                    timer?.schedule(deadline: DispatchTime(uptimeNanoseconds: next), leeway: .milliseconds(1))
                }
            }
        }
        for target in due { target.deadlinePassed() }
    }

    // MARK: Heap (under the lock)

    private func remove(at index: Int) {
        let removed = heap[index]
        removed.index = -1
        let last = heap.removeLast()
        guard index < heap.count else { return }
        heap[index] = last
        last.index = index
        if index > 0, heap[(index - 1) / 2].deadline > last.deadline {
            siftUp(index)
        } else {
            siftDown(index)
        }
    }

    private func siftUp(_ start: Int) {
        var index = start
        let moving = heap[index]
        while index > 0 {
            let parent = (index - 1) / 2
            guard heap[parent].deadline > moving.deadline else { break }
            heap[index] = heap[parent]
            heap[index].index = index
            index = parent
        }
        heap[index] = moving
        moving.index = index
    }

    private func siftDown(_ start: Int) {
        var index = start
        let moving = heap[index]
        let count = heap.count
        while true {
            var child = 2 * index + 1
            guard child < count else { break }
            if child + 1 < count, heap[child + 1].deadline < heap[child].deadline { child += 1 }
            guard heap[child].deadline < moving.deadline else { break }
            heap[index] = heap[child]
            heap[index].index = index
            index = child
        }
        heap[index] = moving
        moving.index = index
    }
}
