/// One instruction of the backtracking virtual machine (see `RegexMatcher`).
///
/// Jump targets are instruction indices. "Registers" hold capture positions (two per
/// group, -1 when unset), loop counters and loop-iteration start positions; every write
/// to a register is recorded on an undo trail so backtracking can restore it.
enum RegexInstruction: Sendable {
    /// Consume one code point equal to the payload (forward, or backward inside a lookbehind).
    case character(UInt32)
    case characterBackward(UInt32)
    /// Consume one code point in `classes[index]`.
    case set(Int)
    case setBackward(Int)
    /// Continue at `preferred`; on backtracking resume at `alternative`.
    case split(preferred: Int, alternative: Int)
    case jump(Int)
    /// `registers[register] = position`.
    case save(register: Int)
    /// Sets registers `from..<to` to -1 (captures inside a repeated atom, per iteration).
    case clearCaptures(from: Int, to: Int)
    case assertStart
    case assertEnd
    case wordBoundary(negated: Bool)
    /// Match the text of capture `group` again (backward inside a lookbehind).
    case backreference(group: Int, backward: Bool)
    /// Enter a lookaround; its body follows and ends in `lookEnd(slot)`; `exit` follows that.
    case lookStart(slot: Int, negated: Bool, exit: Int)
    case lookEnd(slot: Int)
    /// Greedy or lazy repetition of a single-code-point matcher without per-iteration
    /// backtrack entries. `max == Int.max` means unbounded.
    case repeatSet(set: Int, min: Int, max: Int, greedy: Bool, backward: Bool)
    /// General counted loop: `loopInit` zeroes the counter, `loopHead` decides whether to
    /// run the body (at head+1, which is `loopEnter`) or leave to `exit`, `loopTail`
    /// performs ECMA-262's empty-iteration check and jumps back to the head.
    case loopInit(counter: Int)
    case loopHead(counter: Int, min: Int, max: Int, greedy: Bool, exit: Int)
    case loopEnter(positionRegister: Int)
    case loopTail(counter: Int, positionRegister: Int, min: Int, head: Int)
    case match
}

/// A compiled pattern, immutable and shareable between threads.
struct RegexProgram: Sendable {
    var instructions: [RegexInstruction] = []
    var classes: [CompiledCharacterClass] = []
    /// The full sets behind `classes` (and `firstCharacters`), for code points ≥ 0x80.
    var slowSets: [RegexCharacterClass] = []
    /// Total registers; the first `captureRegisterCount` are capture slots.
    var registerCount = 0
    var captureRegisterCount = 0
    var lookaroundCount = 0
    /// The pattern can only match at position 0.
    var anchoredAtStart = false
    /// Every match starts with a code point from this set (used to skip start positions).
    var firstCharacters: CompiledCharacterClass?
    /// No match is shorter than this many code points.
    var minimumLength = 0
}
