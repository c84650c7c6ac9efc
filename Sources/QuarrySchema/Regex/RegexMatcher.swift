/// The backtracking virtual machine that runs a `RegexProgram` over an input.
///
/// All backtracking state lives in explicit arrays (`backtrack`, `trail`), never on the
/// native call stack, so neither deep patterns nor very long inputs can overflow it.
/// Work is metered in steps (instructions dispatched, code points scanned by bulk
/// repetitions, backtracking entries popped) against a budget.
struct RegexMatcher {
    enum Result { case matched, failed, budgetExhausted }

    private enum EntryKind: UInt8 {
        /// Resume at `pc` with `position`.
        case branch
        /// A greedy `repeatSet` that can give back code points down to `extra`; resume at `pc`.
        case greedyForward, greedyBackward
        /// A lazy `repeatSet` at instruction `pc` that may take `extra` more code points.
        case lazy
        /// Bottom of a lookaround; `extra` is 1 when negated; `pc` is its exit.
        case lookaround
    }

    private struct Entry {
        var kind: EntryKind
        var pc: Int
        var position: Int
        var trail: Int
        var extra: Int
    }

    private let instructions: UnsafeBufferPointer<RegexInstruction>
    private let classes: UnsafeBufferPointer<CompiledCharacterClass>
    private let slowSets: UnsafeBufferPointer<RegexCharacterClass>
    private let firstCharacters: CompiledCharacterClass?
    private let anchoredAtStart: Bool
    private let minimumLength: Int
    private let captureRegisterCount: Int
    private let input: UnsafeBufferPointer<UInt32>
    private let budget: Int
    private var steps = 0
    private let registers: UnsafeMutableBufferPointer<Int>
    private let lookaroundHeights: UnsafeMutableBufferPointer<Int>
    private var trail: [Int] = []  // pairs: register, previous value
    private var backtrack: [Entry] = []

    /// Searches `input` for a match of `program` (JavaScript `RegExp.prototype.test`).
    static func search(_ program: RegexProgram, in input: UnsafeBufferPointer<UInt32>, budget: Int) -> Result {
        program.instructions.withUnsafeBufferPointer { instructions in
            program.classes.withUnsafeBufferPointer { classes in
                program.slowSets.withUnsafeBufferPointer { slowSets in
                    withUnsafeTemporaryAllocation(
                        of: Int.self, capacity: program.registerCount + program.lookaroundCount
                    ) { scratch in
                        let registers = UnsafeMutableBufferPointer(rebasing: scratch[0..<program.registerCount])
                        let heights = UnsafeMutableBufferPointer(rebasing: scratch[program.registerCount...])
                        registers.initialize(repeating: -1)
                        heights.initialize(repeating: 0)
                        var matcher = RegexMatcher(
                            instructions: instructions, classes: classes, slowSets: slowSets,
                            firstCharacters: program.firstCharacters, anchoredAtStart: program.anchoredAtStart,
                            minimumLength: program.minimumLength, captureRegisterCount: program.captureRegisterCount,
                            input: input, budget: budget, registers: registers, lookaroundHeights: heights)
                        return matcher.search()
                    }
                }
            }
        }
    }

    private init(
        instructions: UnsafeBufferPointer<RegexInstruction>, classes: UnsafeBufferPointer<CompiledCharacterClass>,
        slowSets: UnsafeBufferPointer<RegexCharacterClass>, firstCharacters: CompiledCharacterClass?,
        anchoredAtStart: Bool, minimumLength: Int, captureRegisterCount: Int, input: UnsafeBufferPointer<UInt32>,
        budget: Int, registers: UnsafeMutableBufferPointer<Int>, lookaroundHeights: UnsafeMutableBufferPointer<Int>
    ) {
        self.instructions = instructions
        self.classes = classes
        self.slowSets = slowSets
        self.firstCharacters = firstCharacters
        self.anchoredAtStart = anchoredAtStart
        self.minimumLength = minimumLength
        self.captureRegisterCount = captureRegisterCount
        self.input = input
        self.budget = budget
        self.registers = registers
        self.lookaroundHeights = lookaroundHeights
    }

    private mutating func search() -> Result {
        let n = input.count
        if minimumLength > n { return .failed }
        let lastStart = anchoredAtStart ? 0 : n - minimumLength
        var start = 0
        while start <= lastStart {
            if let first = firstCharacters {
                let from = start
                while start <= lastStart && start < n && !first.contains(input[start], slowSets) { start += 1 }
                steps += start - from
                if start > lastStart || start >= n { return .failed }
                if steps > budget { return .budgetExhausted }
            }
            for r in 0..<captureRegisterCount { registers[r] = -1 }
            if !backtrack.isEmpty { backtrack.removeAll(keepingCapacity: true) }
            if !trail.isEmpty { trail.removeAll(keepingCapacity: true) }
            switch run(from: start) {
            case .matched: return .matched
            case .budgetExhausted: return .budgetExhausted
            case .failed: start += 1
            }
        }
        return .failed
    }

    // MARK: Register trail

    @inline(__always)
    private mutating func setRegister(_ r: Int, _ value: Int) {
        if !backtrack.isEmpty {
            trail.append(r)
            trail.append(registers[r])
        }
        registers[r] = value
    }

    @inline(__always)
    private mutating func undoTrail(to height: Int) {
        var t = trail.count
        while t > height {
            t -= 2
            registers[trail[t]] = trail[t + 1]
        }
        if trail.count > height { trail.removeLast(trail.count - height) }
    }

    /// Upper bounds on the backtracking state (about 160 MB and 64 MB); exceeding either is
    /// reported like an exhausted step budget instead of exhausting memory.
    static let maximumBacktrackEntries = 4_000_000
    static let maximumTrailLength = 8_000_000

    @inline(__always)
    private mutating func push(_ kind: EntryKind, pc: Int, position: Int, extra: Int = 0) {
        if backtrack.isEmpty && !trail.isEmpty { trail.removeAll(keepingCapacity: true) }
        backtrack.append(Entry(kind: kind, pc: pc, position: position, trail: trail.count, extra: extra))
    }

    /// True when the backtracking state has grown past its memory bounds.
    private var stateTooLarge: Bool {
        backtrack.count > Self.maximumBacktrackEntries || trail.count > Self.maximumTrailLength
    }

    @inline(__always)
    private func isWordCharacter(_ c: UInt32) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    /// True when `input[a..<a+length] == input[b..<b+length]` (both ranges in bounds).
    private func equalRuns(_ a: Int, _ b: Int, _ length: Int) -> Bool {
        for k in 0..<length where input[a + k] != input[b + k] { return false }
        return true
    }

    @inline(__always)
    private static func isEndOrMatch(_ instruction: RegexInstruction) -> Bool {
        switch instruction {
        case .assertEnd, .match: return true
        default: return false
        }
    }

    @inline(__always)
    private static func isStartOrMatch(_ instruction: RegexInstruction) -> Bool {
        switch instruction {
        case .assertStart, .match: return true
        default: return false
        }
    }

    // MARK: Execution

    private enum Resume {
        case resumed(pc: Int, position: Int)
        case exhausted, budget
    }

    /// Pops backtracking entries until one yields a new state to continue from.
    private mutating func backtrackOnce() -> Resume {
        while let top = backtrack.last {
            steps += 1
            if steps > budget { return .budget }
            undoTrail(to: top.trail)
            let last = backtrack.count - 1
            switch top.kind {
            case .branch:
                backtrack.removeLast()
                return .resumed(pc: top.pc, position: top.position)
            case .greedyForward:
                var p = top.position - 1
                // Skip give-backs that cannot help a literal that follows.
                if case .character(let c) = instructions[top.pc] {
                    while p > top.extra && input[p] != c {
                        p -= 1
                        steps += 1
                    }
                    if input.count <= p || input[p] != c {
                        backtrack.removeLast()
                        continue
                    }
                } else if case .assertEnd = instructions[top.pc] {
                    backtrack.removeLast()
                    continue
                }
                if p <= top.extra { backtrack.removeLast() } else { backtrack[last].position = p }
                return .resumed(pc: top.pc, position: p)
            case .greedyBackward:
                if case .assertStart = instructions[top.pc] {
                    backtrack.removeLast()
                    continue  // giving back only moves away from the start
                }
                let p = top.position + 1
                if p >= top.extra { backtrack.removeLast() } else { backtrack[last].position = p }
                return .resumed(pc: top.pc, position: p)
            case .lazy:
                guard top.extra > 0,
                    case .repeatSet(let set, _, _, _, let backward) = instructions[top.pc]
                else {
                    backtrack.removeLast()
                    continue
                }
                let p: Int
                if backward {
                    guard top.position > 0, classes[set].contains(input[top.position - 1], slowSets) else {
                        backtrack.removeLast()
                        continue
                    }
                    p = top.position - 1
                } else {
                    guard top.position < input.count, classes[set].contains(input[top.position], slowSets) else {
                        backtrack.removeLast()
                        continue
                    }
                    p = top.position + 1
                }
                if top.extra == 1 {
                    backtrack.removeLast()
                } else {
                    backtrack[last].position = p
                    backtrack[last].extra = top.extra - 1
                }
                return .resumed(pc: top.pc + 1, position: p)
            case .lookaround:
                backtrack.removeLast()
                if top.extra == 1 { return .resumed(pc: top.pc, position: top.position) }
            }
        }
        return .exhausted
    }

    private mutating func run(from start: Int) -> Result {
        let n = input.count
        var pc = 0
        var position = start
        var sinceMemoryCheck = 0
        while true {
            steps += 1
            if steps > budget { return .budgetExhausted }
            sinceMemoryCheck &+= 1
            if sinceMemoryCheck & 0xFFF == 0 && stateTooLarge { return .budgetExhausted }
            var fail = false
            switch instructions[pc] {
            case .character(let c):
                if position < n && input[position] == c {
                    position += 1
                    pc += 1
                } else {
                    fail = true
                }
            case .characterBackward(let c):
                if position > 0 && input[position - 1] == c {
                    position -= 1
                    pc += 1
                } else {
                    fail = true
                }
            case .set(let id):
                if position < n && classes[id].contains(input[position], slowSets) {
                    position += 1
                    pc += 1
                } else {
                    fail = true
                }
            case .setBackward(let id):
                if position > 0 && classes[id].contains(input[position - 1], slowSets) {
                    position -= 1
                    pc += 1
                } else {
                    fail = true
                }
            case .split(let preferred, let alternative):
                push(.branch, pc: alternative, position: position)
                pc = preferred
            case .jump(let target):
                pc = target
            case .save(let register):
                setRegister(register, position)
                pc += 1
            case .clearCaptures(let from, let to):
                for r in from..<to where registers[r] != -1 { setRegister(r, -1) }
                pc += 1
            case .assertStart:
                if position == 0 { pc += 1 } else { fail = true }
            case .assertEnd:
                if position == n { pc += 1 } else { fail = true }
            case .wordBoundary(let negated):
                let before = position > 0 && isWordCharacter(input[position - 1])
                let after = position < n && isWordCharacter(input[position])
                if (before != after) != negated { pc += 1 } else { fail = true }
            case .backreference(let group, let backward):
                let s = registers[2 * group]
                let e = registers[2 * group + 1]
                if s < 0 || e < 0 || e <= s {
                    pc += 1
                    break
                }
                let length = e - s
                steps += length
                if backward {
                    if position >= length && equalRuns(s, position - length, length) {
                        position -= length
                        pc += 1
                    } else {
                        fail = true
                    }
                } else {
                    if n - position >= length && equalRuns(s, position, length) {
                        position += length
                        pc += 1
                    } else {
                        fail = true
                    }
                }
            case .lookStart(let slot, let negated, let exit):
                lookaroundHeights[slot] = backtrack.count
                push(.lookaround, pc: exit, position: position, extra: negated ? 1 : 0)
                pc += 1
            case .lookEnd(let slot):
                let height = lookaroundHeights[slot]
                guard height < backtrack.count else {
                    fail = true
                    break
                }
                let marker = backtrack[height]
                if marker.extra == 0 {
                    // Positive: succeed atomically, keep captures, restore the position.
                    backtrack.removeLast(backtrack.count - height)
                    position = marker.position
                    pc = marker.pc
                } else {
                    // Negative: the body matched, so the lookaround fails.
                    undoTrail(to: marker.trail)
                    backtrack.removeLast(backtrack.count - height)
                    fail = true
                }
            case .repeatSet(let id, let min, let max, let greedy, let backward):
                let cls = classes[id]
                if greedy {
                    var count = 0
                    if backward {
                        let limit = Swift.min(max, position)
                        while count < limit && cls.contains(input[position - 1 - count], slowSets) { count += 1 }
                    } else {
                        let limit = Swift.min(max, n - position)
                        while count < limit && cls.contains(input[position + count], slowSets) { count += 1 }
                    }
                    steps += count
                    if count < min {
                        fail = true
                        break
                    }
                    // Giving code points back cannot help when `$` / `^` (or the end of the
                    // pattern) follows, so no backtracking entry is needed then.
                    if backward {
                        if count > min && !Self.isStartOrMatch(instructions[pc + 1]) {
                            push(.greedyBackward, pc: pc + 1, position: position - count, extra: position - min)
                        }
                        position -= count
                    } else {
                        if count > min && !Self.isEndOrMatch(instructions[pc + 1]) {
                            push(.greedyForward, pc: pc + 1, position: position + count, extra: position + min)
                        }
                        position += count
                    }
                    pc += 1
                } else {
                    var count = 0
                    if backward {
                        guard position >= min else {
                            fail = true
                            break
                        }
                        while count < min && cls.contains(input[position - 1 - count], slowSets) { count += 1 }
                    } else {
                        guard n - position >= min else {
                            fail = true
                            break
                        }
                        while count < min && cls.contains(input[position + count], slowSets) { count += 1 }
                    }
                    steps += count
                    if count < min {
                        fail = true
                        break
                    }
                    position += backward ? -count : count
                    var isLast = false
                    if case .match = instructions[pc + 1] { isLast = true }
                    if max > min && !isLast {
                        push(.lazy, pc: pc, position: position, extra: max == Int.max ? Int.max : max - min)
                    }
                    pc += 1
                }
            case .loopInit(let counter):
                setRegister(counter, 0)
                pc += 1
            case .loopHead(let counter, let min, let max, let greedy, let exit):
                let count = registers[counter]
                if count < min {
                    pc += 1
                } else if count >= max {
                    pc = exit
                } else if greedy {
                    push(.branch, pc: exit, position: position)
                    pc += 1
                } else {
                    push(.branch, pc: pc + 1, position: position)
                    pc = exit
                }
            case .loopEnter(let register):
                setRegister(register, position)
                pc += 1
            case .loopTail(let counter, let register, let min, let head):
                let count = registers[counter]
                if count >= min && position == registers[register] {
                    fail = true  // ECMA-262 RepeatMatcher: an optional iteration may not match empty
                } else {
                    setRegister(counter, count + 1)
                    pc = head
                }
            case .match:
                return .matched
            }
            if fail {
                switch backtrackOnce() {
                case .resumed(let newPC, let newPosition):
                    pc = newPC
                    position = newPosition
                case .exhausted:
                    return .failed
                case .budget:
                    return .budgetExhausted
                }
            }
        }
    }
}
