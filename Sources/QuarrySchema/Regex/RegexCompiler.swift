/// Translates a `RegexNode` tree into a `RegexProgram` for the backtracking matcher.
struct RegexCompiler {
    private var program = RegexProgram()
    private var classIndex: [RegexCharacterClass: Int] = [:]
    private var nextRegister: Int

    /// Compiles `root`, a pattern with `captureCount` capturing groups.
    static func compile(_ root: RegexNode, captureCount: Int) -> RegexProgram {
        var compiler = RegexCompiler(captureCount: captureCount)
        compiler.emit(root, backward: false)
        compiler.append(.match)
        compiler.program.registerCount = compiler.nextRegister
        compiler.program.anchoredAtStart = Self.isAnchoredAtStart(root)
        compiler.program.minimumLength = root.minimumLength
        if let first = Self.firstCharacters(root), !first.isAll {
            let id = compiler.classID(first.set)
            compiler.program.firstCharacters = compiler.program.classes[id]
        }
        return compiler.program
    }

    private init(captureCount: Int) {
        program.captureRegisterCount = 2 * (captureCount + 1)
        nextRegister = program.captureRegisterCount
    }

    private var here: Int { program.instructions.count }

    private mutating func append(_ instruction: RegexInstruction) {
        program.instructions.append(instruction)
    }

    private mutating func patch(_ at: Int, _ instruction: RegexInstruction) {
        program.instructions[at] = instruction
    }

    private mutating func allocateRegister() -> Int {
        defer { nextRegister += 1 }
        return nextRegister
    }

    private mutating func classID(_ set: RegexCharacterClass) -> Int {
        if let existing = classIndex[set] { return existing }
        let id = program.classes.count
        program.classes.append(CompiledCharacterClass(set, slowIndex: program.slowSets.count))
        program.slowSets.append(set)
        classIndex[set] = id
        return id
    }

    // MARK: Emission

    // Each construct is emitted by its own small function: `emit` recurses once per AST
    // level, and keeping its frame small keeps deep (but legal) patterns cheap on the stack
    // even in unoptimised builds.
    private mutating func emit(_ node: RegexNode, backward: Bool) {
        switch node {
        case .sequence(let items):
            emitSequence(items, backward: backward)
        case .alternation(let items):
            emitAlternation(items, backward: backward)
        case .group(let body, let index):
            emitGroup(body, index: index, backward: backward)
        case .lookaround(let body, let behind, let negated):
            emitLookaround(body, behind: behind, negated: negated)
        case .quantified(let body, let min, let max, let greedy):
            emitQuantified(body, min: min, max: max ?? Int.max, greedy: greedy, backward: backward)
        default:
            emitLeaf(node, backward: backward)
        }
    }

    private mutating func emitLeaf(_ node: RegexNode, backward: Bool) {
        switch node {
        case .character(let c):
            append(backward ? .characterBackward(c) : .character(c))
        case .characterClass(let set):
            if let c = set.singleCodePoint {
                append(backward ? .characterBackward(c) : .character(c))
            } else {
                let id = classID(set)
                append(backward ? .setBackward(id) : .set(id))
            }
        case .backreference(let group):
            append(.backreference(group: group, backward: backward))
        case .startAnchor:
            append(.assertStart)
        case .endAnchor:
            append(.assertEnd)
        case .wordBoundary(let negated):
            append(.wordBoundary(negated: negated))
        default:
            break
        }
    }

    private mutating func emitSequence(_ items: [RegexNode], backward: Bool) {
        if backward {
            for item in items.reversed() { emit(item, backward: true) }
        } else {
            for item in items { emit(item, backward: false) }
        }
    }

    private mutating func emitAlternation(_ items: [RegexNode], backward: Bool) {
        var jumpsToEnd: [Int] = []
        for (k, item) in items.enumerated() {
            if k < items.count - 1 {
                let split = here
                append(.jump(0))  // placeholder
                emit(item, backward: backward)
                jumpsToEnd.append(here)
                append(.jump(0))
                patch(split, .split(preferred: split + 1, alternative: here))
            } else {
                emit(item, backward: backward)
            }
        }
        for j in jumpsToEnd { patch(j, .jump(here)) }
    }

    private mutating func emitGroup(_ body: RegexNode, index: Int?, backward: Bool) {
        guard let index else {
            emit(body, backward: backward)
            return
        }
        append(.save(register: backward ? 2 * index + 1 : 2 * index))
        emit(body, backward: backward)
        append(.save(register: backward ? 2 * index : 2 * index + 1))
    }

    private mutating func emitLookaround(_ body: RegexNode, behind: Bool, negated: Bool) {
        let slot = program.lookaroundCount
        program.lookaroundCount += 1
        let start = here
        append(.jump(0))  // placeholder
        emit(body, backward: behind)
        append(.lookEnd(slot: slot))
        patch(start, .lookStart(slot: slot, negated: negated, exit: here))
    }

    private mutating func emitClearCaptures(_ body: RegexNode) {
        if let range = body.captureRange {
            append(.clearCaptures(from: 2 * range.lowerBound, to: 2 * range.upperBound + 2))
        }
    }

    private mutating func emitQuantified(_ body: RegexNode, min: Int, max: Int, greedy: Bool, backward: Bool) {
        if max == 0 { return }
        if min == 1 && max == 1 {
            emit(body, backward: backward)
            return
        }
        if let set = body.singleCharacterSet {
            append(.repeatSet(set: classID(set), min: min, max: max, greedy: greedy, backward: backward))
            return
        }
        if body.minimumLength > 0 && (max == Int.max && min <= 1 || max == 1 && min == 0) {
            emitSimpleLoop(body, min: min, max: max, greedy: greedy, backward: backward)
        } else {
            emitCountedLoop(body, min: min, max: max, greedy: greedy, backward: backward)
        }
    }

    /// `x*`, `x+`, `x?` for an `x` that never matches empty: plain splits, no counters.
    private mutating func emitSimpleLoop(_ body: RegexNode, min: Int, max: Int, greedy: Bool, backward: Bool) {
        if max == Int.max && min == 0 {
            // L: split(body, exit); body; jump L
            let head = here
            append(.jump(0))
            emitClearCaptures(body)
            emit(body, backward: backward)
            append(.jump(head))
            patch(
                head,
                greedy ? .split(preferred: head + 1, alternative: here) : .split(preferred: here, alternative: head + 1)
            )
        } else if max == Int.max {
            // L: body; split(L, exit)
            let head = here
            emitClearCaptures(body)
            emit(body, backward: backward)
            let next = here + 1
            append(greedy ? .split(preferred: head, alternative: next) : .split(preferred: next, alternative: head))
        } else {
            let split = here
            append(.jump(0))
            emitClearCaptures(body)
            emit(body, backward: backward)
            patch(
                split,
                greedy
                    ? .split(preferred: split + 1, alternative: here) : .split(preferred: here, alternative: split + 1))
        }
    }

    /// General counted loop with ECMA-262's empty-iteration check.
    private mutating func emitCountedLoop(_ body: RegexNode, min: Int, max: Int, greedy: Bool, backward: Bool) {
        let counter = allocateRegister()
        let position = allocateRegister()
        append(.loopInit(counter: counter))
        let head = here
        append(.jump(0))  // placeholder for loopHead
        append(.loopEnter(positionRegister: position))
        emitClearCaptures(body)
        emit(body, backward: backward)
        append(.loopTail(counter: counter, positionRegister: position, min: min, head: head))
        patch(head, .loopHead(counter: counter, min: min, max: max, greedy: greedy, exit: here))
    }

    // MARK: Analysis

    /// True when every match must start at position 0 (non-multiline `^` first).
    private static func isAnchoredAtStart(_ node: RegexNode) -> Bool {
        switch node {
        case .startAnchor: return true
        case .sequence(let items):
            for item in items {
                if isAnchoredAtStart(item) { return true }
                // Zero-width items that do not anchor can be skipped over.
                switch item {
                case .wordBoundary, .lookaround: continue
                default: return false
                }
            }
            return false
        case .alternation(let items): return !items.isEmpty && items.allSatisfy(isAnchoredAtStart)
        case .group(let body, _): return isAnchoredAtStart(body)
        case .quantified(let body, let min, _, _): return min > 0 && isAnchoredAtStart(body)
        default: return false
        }
    }

    private struct FirstSet {
        var set: RegexCharacterClass
        var isAll: Bool {
            self.set.negated && self.set.ranges.isEmpty && self.set.categories.bits == 0 && self.set.properties.isEmpty
                && self.set.negatedProperties.isEmpty
        }
    }

    /// The set of code points a match can start with, or nil when unknown / possibly empty.
    private static func firstCharacters(_ node: RegexNode) -> FirstSet? {
        switch node {
        case .character(let c): return FirstSet(set: RegexCharacterClass(ranges: [(c, c)]))
        case .characterClass(let set): return FirstSet(set: set)
        case .group(let body, _): return firstCharacters(body)
        case .quantified(let body, let min, _, _): return min > 0 ? firstCharacters(body) : nil
        case .sequence(let items):
            for item in items {
                switch item {
                case .startAnchor, .wordBoundary, .lookaround: continue
                default: return firstCharacters(item)
                }
            }
            return nil
        case .alternation(let items):
            var union = RegexCharacterClass()
            for item in items {
                guard let first = firstCharacters(item), !first.set.negated else { return nil }
                union.formUnion(first.set)
            }
            return items.isEmpty ? nil : FirstSet(set: union)
        default:
            return nil
        }
    }
}
