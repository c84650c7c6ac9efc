import Testing

@testable import QuarrySchema

/// Tests for the ECMA-262 regular-expression engine behind `pattern`, `patternProperties`
/// and `format: "regex"`.
struct ECMARegexTests {
    private func outcome(_ pattern: String, _ input: String, stepLimit: Int = 1_000_000) -> RegexMatchOutcome? {
        guard let regex = try? ECMARegex(pattern) else { return nil }
        return regex.matches(input, stepLimit: stepLimit)
    }

    private func check(_ cases: [(String, String, Bool)], sourceLocation: SourceLocation = #_sourceLocation) {
        for (pattern, input, expected) in cases {
            let result = outcome(pattern, input)
            #expect(
                result == (expected ? .matched : .notMatched),
                "/\(pattern)/ on \(input.debugDescription)", sourceLocation: sourceLocation)
        }
    }

    private func syntaxError(_ pattern: String) -> RegexSyntaxError? {
        do {
            _ = try ECMARegex(pattern)
            return nil
        } catch {
            return error
        }
    }

    // MARK: JSON-Schema-Test-Suite (draft2020-12 pattern, patternProperties, optional ECMA regex)

    /// Every string case from ecmascript-regex.json, non-bmp-regex.json, pattern.json and
    /// the single-pattern groups of patternProperties.json (keys become inputs).
    @Test func jsonSchemaTestSuiteCases() {
        check([
            ("^abc$", "abc\\n", false),
            ("^abc$", "abc", true),
            ("^\\t$", "\\t", false),
            ("^\\t$", "\u{9}", true),
            ("^\\cC$", "\\cC", false),
            ("^\\cC$", "\u{3}", true),
            ("^\\cc$", "\\cc", false),
            ("^\\cc$", "\u{3}", true),
            ("^\\d$", "0", true),
            ("^\\d$", "\u{7C0}", false),
            ("^\\D$", "0", false),
            ("^\\D$", "\u{7C0}", true),
            ("^\\w$", "a", true),
            ("^\\w$", "\u{E9}", false),
            ("^\\W$", "a", false),
            ("^\\W$", "\u{E9}", true),
            ("^\\s$", " ", true),
            ("^\\s$", "\u{9}", true),
            ("^\\s$", "\u{B}", true),
            ("^\\s$", "\u{C}", true),
            ("^\\s$", "\u{A0}", true),
            ("^\\s$", "\u{FEFF}", true),
            ("^\\s$", "\u{A}", true),
            ("^\\s$", "\u{2029}", true),
            ("^\\s$", "\u{2003}", true),
            ("^\\s$", "\u{1}", false),
            ("^\\s$", "\u{2013}", false),
            ("^\\S$", " ", false),
            ("^\\S$", "\u{9}", false),
            ("^\\S$", "\u{B}", false),
            ("^\\S$", "\u{C}", false),
            ("^\\S$", "\u{A0}", false),
            ("^\\S$", "\u{FEFF}", false),
            ("^\\S$", "\u{A}", false),
            ("^\\S$", "\u{2029}", false),
            ("^\\S$", "\u{2003}", false),
            ("^\\S$", "\u{1}", true),
            ("^\\S$", "\u{2013}", true),
            (
                "\\p{Letter}cole",
                "Les hivers de mon enfance etaient des saisons longues, longues. Nous vivions en trois lieux: l'ecole, l'eglise et la patinoire; mais la vraie vie etait sur la patinoire.",
                true
            ),
            (
                "\\p{Letter}cole",
                "Les hivers de mon enfance \u{E9}taient des saisons longues, longues. Nous vivions en trois lieux: l'\u{E9}cole, l'\u{E9}glise et la patinoire; mais la vraie vie \u{E9}tait sur la patinoire.",
                true
            ),
            (
                "\\p{Letter}cole",
                "LES HIVERS DE MON ENFANCE \u{C9}TAIENT DES SAISONS LONGUES, LONGUES. NOUS VIVIONS EN TROIS LIEUX: L'\u{C9}COLE, L'\u{C9}GLISE ET LA PATINOIRE; MAIS LA VRAIE VIE \u{C9}TAIT SUR LA PATINOIRE.",
                false
            ),
            (
                "\\wcole",
                "Les hivers de mon enfance etaient des saisons longues, longues. Nous vivions en trois lieux: l'ecole, l'eglise et la patinoire; mais la vraie vie etait sur la patinoire.",
                true
            ),
            (
                "\\wcole",
                "Les hivers de mon enfance \u{E9}taient des saisons longues, longues. Nous vivions en trois lieux: l'\u{E9}cole, l'\u{E9}glise et la patinoire; mais la vraie vie \u{E9}tait sur la patinoire.",
                false
            ),
            (
                "\\wcole",
                "LES HIVERS DE MON ENFANCE \u{C9}TAIENT DES SAISONS LONGUES, LONGUES. NOUS VIVIONS EN TROIS LIEUX: L'\u{C9}COLE, L'\u{C9}GLISE ET LA PATINOIRE; MAIS LA VRAIE VIE \u{C9}TAIT SUR LA PATINOIRE.",
                false
            ),
            (
                "[a-z]cole",
                "Les hivers de mon enfance \u{E9}taient des saisons longues, longues. Nous vivions en trois lieux: l'\u{E9}cole, l'\u{E9}glise et la patinoire; mais la vraie vie \u{E9}tait sur la patinoire.",
                false
            ),
            (
                "[a-z]cole",
                "Les hivers de mon enfance etaient des saisons longues, longues. Nous vivions en trois lieux: l'ecole, l'eglise et la patinoire; mais la vraie vie etait sur la patinoire.",
                true
            ),
            ("^\\d+$", "42", true),
            ("^\\d+$", "-%#", false),
            ("^\\d+$", "\u{9EA}\u{9E8}", false),
            ("^\\p{digit}+$", "42", true),
            ("^\\p{digit}+$", "-%#", false),
            ("^\\p{digit}+$", "\u{9EA}\u{9E8}", true),
            ("\\p{Letter}cole", "l'ecole", true),
            ("\\p{Letter}cole", "l'\u{E9}cole", true),
            ("\\p{Letter}cole", "L'\u{C9}COLE", false),
            ("\\wcole", "l'ecole", true),
            ("\\wcole", "l'\u{E9}cole", false),
            ("\\wcole", "L'\u{C9}COLE", false),
            ("[a-z]cole", "l'\u{E9}cole", false),
            ("[a-z]cole", "l'ecole", true),
            ("^\u{1F432}*$", "", true),
            ("^\u{1F432}*$", "\u{1F432}", true),
            ("^\u{1F432}*$", "\u{1F432}\u{1F432}", true),
            ("^\u{1F432}*$", "\u{1F409}", false),
            ("^\u{1F432}*$", "\u{1F409}\u{1F409}", false),
            ("^\u{1F432}*$", "D", false),
            ("^\u{1F432}*$", "DD", false),
            ("^a*$", "aaa", true),
            ("^a*$", "abc", false),
            ("a+", "xxaayy", true),
            ("^\\p{Letter}+$", "Hello", true),
            ("^\\p{Letter}+$", "\u{3C0}", true),
            ("^\\p{Letter}+$", "123", false),
        ])
    }

    @Test func formatRegexSuiteCases() {
        #expect(syntaxError("([abc])+\\s+$") == nil)
        #expect(syntaxError("^(abc]") != nil)
    }

    @Test func patternPropertiesSuiteCases() {
        check([
            ("f.*o", "foo", true), ("f.*o", "foooooo", true),
            ("a*", "a", true), ("a*", "anything", true), ("aaa*", "a", false), ("aaa*", "aaaa", true),
            ("[0-9]{2,}", "answer 1", false), ("[0-9]{2,}", "a31b", true),
            ("X_", "a_x_3", false), ("X_", "a_X_3", true),
            ("f.*", "foo", true), ("b.*", "foobar", true), ("b.*", "foo", false),
            ("^.*bar$", "foobar", true),
        ])
    }

    // MARK: Basics

    @Test func literalsAndSearchIsUnanchored() {
        check([
            ("abc", "xxabcxx", true), ("abc", "ab", false), ("", "", true), ("", "anything", true),
            ("a|b", "xb", true), ("a|b", "c", false), ("ab|cd|ef", "zzef", true),
            ("a.c", "abc", true), ("a.c", "a\nc", false), ("a.c", "a\rc", false),
            ("a.c", "a\u{2028}c", false), ("a.c", "a\u{2029}c", false), ("a.c", "a\u{1F600}c", true),
            ("^$", "", true), ("^$", "a", false), ("x$", "x\n", false), ("^x", "\nx", false),
        ])
    }

    @Test func quantifiers() {
        check([
            ("^a{3}$", "aaa", true), ("^a{3}$", "aa", false), ("^a{3}$", "aaaa", false),
            ("^a{2,}$", "a", false), ("^a{2,}$", "aaaaa", true),
            ("^a{2,3}$", "aaa", true), ("^a{2,3}$", "aaaa", false),
            ("^(ab){2}$", "abab", true), ("^(ab){2}$", "ab", false),
            ("^(?:ab){1,2}c$", "ababc", true), ("^(?:ab){1,2}c$", "abababc", false),
            ("^a?b+c*$", "bbb", true), ("^a?b+c*$", "abbcc", true), ("^a?b+c*$", "aac", false),
            ("^(a|bc)*$", "abcbca", true), ("^(a|bc)*$", "abcb", false),
            ("^a{0}b$", "b", true), ("^(?:a{0,1000})b$", "aaab", true),
            ("^(?:a|b)*?c$", "ababc", true), ("^a+?b$", "aaab", true),
            ("^(?:a?)*$", "aaa", true), ("^(a*)*$", "aab", false), ("^(a*)+b$", "aab", true),
            ("^(?:(?:a|)+)+$", "aaaa", true),
            ("^x(?:a*?)+?y$", "xaay", true),
        ])
    }

    @Test func annexBBracesAreLiteralWhenNotAQuantifier() {
        check([
            ("a{", "a{", true), ("a{1", "a{1", true), ("a{,5}", "a{,5}", true), ("^}$", "}", true),
            ("^]$", "]", true), ("x{a}", "x{a}", true), ("^a{1}$", "a", true),
        ])
    }

    @Test func lazyQuantifiersPreferShortMatches() {
        // Laziness is observable through backreferences.
        check([
            ("^(a+?)\\1$", "aaaa", true), ("^(a+?)b\\1$", "aaba", false), ("^(a+?)(a*)\\1$", "aaa", true),
            ("^(a*?)x\\1$", "aaxaa", true), ("<(.+?)>.*</\\1>", "<b>bold</b>", true),
            ("<(.+?)>.*</\\1>", "<b>bold</i>", false),
        ])
    }

    // MARK: Groups and backreferences

    @Test func backreferences() {
        check([
            ("^(a)\\1$", "aa", true), ("^(a)\\1$", "ab", false), ("(\\w)\\1", "hello", true),
            ("(\\w)\\1", "helo", false), ("^(?<x>[ab])\\k<x>$", "bb", true), ("^(?<x>[ab])\\k<x>$", "ba", false),
            ("^\\1(a)$", "a", true),  // forward reference matches empty
            ("^(a)|\\1b$", "b", true),  // reference to a group in another alternative
            ("^(?:(a)|b)+\\1$", "aba", false),  // captures reset on each iteration
            ("^(?:(a)|b)+\\1$", "ab", true),
            ("^(?:(a)|b)(?:\\1)c$", "bc", true),
            ("^(\u{1F432})\\1$", "\u{1F432}\u{1F432}", true),
            ("^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10$", "abcdefghijj", true),
        ])
    }

    @Test func nonCapturingAndNamedGroups() {
        check([
            ("^(?:ab)+$", "ababab", true), ("^(?<year>\\d{4})-(?<month>\\d{2})$", "2024-05", true),
            ("^(?<year>\\d{4})-(?<month>\\d{2})$", "2024-5", false),
        ])
    }

    // MARK: Assertions

    @Test func lookahead() {
        check([
            ("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abc123", true), ("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abcdef", false),
            ("^(?!foo)\\w+$", "foobar", false), ("^(?!foo)\\w+$", "barfoo", true),
            ("a(?=b)", "ab", true), ("a(?=b)", "ac", false), ("a(?!b)", "ab", false), ("a(?!b)", "ac", true),
            ("^(?=(a+))a*b\\1$", "aaaba", false), ("^(?=(a+?))(\\1)b$", "ab", true),
            ("^(?:(?=a)a)+$", "aaa", true), ("^(?=a)*b$", "b", true),
        ])
    }

    @Test func lookbehind() {
        check([
            ("(?<=\\$)\\d+", "cost: $42", true), ("(?<=\\$)\\d+", "cost: 42", false),
            ("(?<!\\$)\\b\\d+", "cost: $42", false), ("(?<!\\$)\\b\\d+", "cost: 42", true),
            ("^.*(?<=\\.json)$", "schema.json", true), ("^.*(?<=\\.json)$", "schema.yaml", false),
            ("(?<=a+)b", "aaab", true), ("(?<=^a*)b", "aab", true), ("(?<=^a*)b", "acb", false),
            // Lookbehind bodies run right to left: here \1 is tried before (a) captured (empty).
            ("(?<=(a)\\1)b", "xab", true), ("(?<=\\1(a))b", "aab", true), ("(?<=\\1(a))b", "xab", false),
            ("(?<=(\\d+)(\\d+))$", "1053", true), ("(?<=\u{1F432})x", "\u{1F432}x", true),
            ("(?<=[a-c]{2,3}?)d", "abd", true), ("(?<![a-z]{2})1", "ab1", false), ("(?<![a-z]{2})1", "a1", true),
        ])
    }

    @Test func wordBoundaries() {
        check([
            ("\\bcat\\b", "a cat sat", true), ("\\bcat\\b", "concatenate", false), ("\\Bcat\\B", "concatenate", true),
            ("\\b", "", false), ("\\B", "", true), ("^\\b\\w+\\b$", "word", true),
            ("\\bé", " é", false), ("\\bé", "café", true),  // \b is ASCII-based: é is not a word character
        ])
    }

    // MARK: Escapes and classes

    @Test func characterEscapes() {
        check([
            ("^\\t\\n\\r\\v\\f$", "\t\n\r\u{B}\u{C}", true), ("^\\0$", "\u{0}", true),
            ("^\\x41\\u0042\\u{43}$", "ABC", true), ("^\\u{1F600}$", "\u{1F600}", true),
            ("^\\uD83D\\uDE00$", "\u{1F600}", true),  // surrogate pair escapes form one code point
            ("^\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\\\/$", ".*+?()[]{}|^$\\/", true),
            ("^\\-$", "-", true), ("^\\cJ$", "\n", true), ("^[\\b]$", "\u{8}", true),
        ])
    }

    @Test func characterClasses() {
        check([
            ("^[abc]+$", "abcabc", true), ("^[abc]+$", "abd", false), ("^[^abc]+$", "xyz", true),
            ("^[^abc]$", "a", false), ("^[a-z0-9_-]+$", "foo_bar-9", true), ("^[-a]$", "-", true),
            ("^[a-]$", "-", true), ("^[\\w-.]+$", "a-b.c", true), ("^[\\d-z]+$", "1-z", true),
            ("^[]$", "", false), ("^[]$", "a", false), ("^[^]$", "\n", true), ("^[.]$", "x", false),
            ("^[\\^]$", "^", true), ("^[a^]$", "^", true), ("^[\\]]$", "]", true), ("^[[]$", "[", true),
            ("^[\\s\\d]+$", " 1\t2", true), ("^[^\\s]+$", "a b", false), ("^[\\D]$", "x", true),
            ("^[\\W]$", "_", false), ("^[\\S]$", " ", false),
            ("^[\u{1F600}-\u{1F64F}]+$", "\u{1F600}\u{1F64F}", true), ("^[\u{1F600}-\u{1F64F}]$", "\u{1F650}", false),
            ("^[\\u{1F600}-\\u{1F64F}]$", "\u{1F60A}", true), ("^[\\uD83D\\uDE00-\\uD83D\\uDE4F]$", "\u{1F60A}", true),
            ("^[^\u{1F432}]$", "\u{1F409}", true), ("^[^\u{1F432}]$", "\u{1F432}", false),
            ("^[\\x00-\\x7F]+$", "ascii", true), ("^[\\x00-\\x7F]+$", "caf\u{E9}", false),
        ])
    }

    @Test func whitespaceAndDigitClasses() {
        check([
            ("^\\s+$", "\u{1680}\u{2000}\u{200A}\u{202F}\u{205F}\u{3000}\u{2028}\r", true),
            ("^\\s$", "\u{200B}", false), ("^\\s$", "\u{85}", false),
            ("^\\d$", "\u{661}", false), ("^\\w+$", "abc_XYZ_019", true), ("^\\w$", "\u{17F}", false),
        ])
    }

    @Test func unicodePropertyEscapes() {
        check([
            ("^\\p{L}+$", "h\u{E9}llo\u{3C0}\u{4E2D}", true), ("^\\p{Lu}$", "A", true), ("^\\p{Lu}$", "a", false),
            ("^\\p{Ll}$", "\u{E9}", true), ("^\\p{Lt}$", "\u{1C5}", true), ("^\\p{Lm}$", "\u{2B0}", true),
            ("^\\p{Lo}$", "\u{4E2D}", true), ("^\\p{M}$", "\u{301}", true), ("^\\p{Mn}$", "\u{301}", true),
            ("^\\p{N}+$", "1\u{2167}\u{BD}", true), ("^\\p{Nd}+$", "\u{9EA}\u{9E8}", true),
            ("^\\p{Nl}$", "\u{2167}", true),
            ("^\\p{No}$", "\u{BD}", true), ("^\\p{P}+$", "!?.,", true), ("^\\p{Punctuation}$", "\u{AB}", true),
            ("^\\p{S}+$", "$+^", true), ("^\\p{Sc}$", "\u{20AC}", true), ("^\\p{Z}$", " ", true),
            ("^\\p{Zs}$", "\u{3000}", true), ("^\\p{C}$", "\u{0}", true), ("^\\p{Cc}$", "\u{7F}", true),
            ("^\\p{Letter}$", "\u{3C0}", true), ("^\\p{Number}$", "7", true), ("^\\p{Decimal_Number}$", "7", true),
            ("^\\p{gc=Lu}$", "Q", true), ("^\\p{General_Category=Uppercase_Letter}$", "q", false),
            ("^\\P{L}+$", "123 !", true), ("^\\P{L}+$", "12a", false), ("^[\\p{L}\\p{Nd}]+$", "abc123", true),
            ("^[^\\p{L}]+$", "123", true), ("^[^\\p{L}]+$", "1a", false), ("^[\\P{L}]$", "a", false),
            ("^\\p{Alphabetic}+$", "abc\u{E9}", true), ("^\\p{White_Space}$", "\u{2003}", true),
            ("^\\p{ASCII}+$", "abc", true), ("^\\p{ASCII}$", "\u{E9}", false), ("^\\p{Any}$", "\u{10FFFF}", true),
            ("^\\p{Emoji}$", "\u{1F600}", true), ("^\\p{Uppercase}$", "\u{C9}", true), ("^[\\P{Any}]$", "a", false),
        ])
        #expect(syntaxError("\\p{Bogus}") != nil)
        #expect(syntaxError("\\p{gc=Bogus}") != nil)
        #expect(syntaxError("\\p{Foo=Lu}") != nil)
        #expect(syntaxError("\\p{L") != nil)
        #expect(syntaxError("\\pL") != nil)
    }

    @Test func codePointSemantics() {
        check([
            ("^.$", "\u{1F432}", true), ("^..$", "\u{1F432}", false), ("^\u{1F432}{2}$", "\u{1F432}\u{1F432}", true),
            ("^.{3}$", "a\u{1F600}b", true), ("^e\u{301}$", "e\u{301}", true), ("^.$", "e\u{301}", false),
        ])
    }

    // MARK: Errors

    @Test func invalidPatternsThrowWithOffsets() throws {
        let cases: [(String, Int)] = [
            ("a**", 2), ("+a", 0), ("a{2}{3}", 4), ("(abc", 0), ("abc)", 3), ("[b-a]", 1), ("[abc", 0),
            ("a\\", 1), ("^*", 1), ("a|*", 2), ("(?<n>a)(?<n>b)", 10), ("\\k<nope>", 0), ("(a)\\2", 3),
            ("\\c1", 0), ("\\x4", 0), ("\\u12", 0), ("\\u{110000}", 0), ("\\01", 0), ("a{3,2}", 1),
            ("(?<=a)+", 6), ("\\b*", 2), ("(?i)a", 0), ("(?<1a>x)", 3), ("\\z", 0), ("\\p{Script=Greek}", 0),
            ("[\\1]", 1), ("x{2}?+", 5), ("?", 0), ("{1}", 0),
        ]
        for (pattern, offset) in cases {
            let error = syntaxError(pattern)
            #expect(error != nil, "/\(pattern)/ should be rejected")
            #expect(error?.offset == offset, "/\(pattern)/: \(error.map(\.description) ?? "")")
            #expect(error?.pattern == pattern)
            #expect(error.map { !$0.message.isEmpty && $0.description.contains($0.message) } == true)
        }
    }

    @Test func validEdgePatternsParse() {
        for pattern in [
            "", "|", "()", "(?:)", "a||b", "[]", "[^]", "\\/", "a{", "{", "}", "]", "x{1,}", "(?=)", "(?!)",
            "\\0", "[\\-]", "\\k<a>(?<a>.)", "(?<$_a1>x)\\k<$_a1>", "^\\p{Lu}\\P{Lu}$", "a{99999999999999999999}",
        ] {
            #expect(
                syntaxError(pattern) == nil, "/\(pattern)/ should parse: \(syntaxError(pattern)?.description ?? "")")
        }
    }

    @Test func deepNestingIsASyntaxErrorNotACrash() {
        let deep = String(repeating: "(", count: 1000) + "a" + String(repeating: ")", count: 1000)
        #expect(syntaxError(deep) != nil)
        let deepLook = String(repeating: "(?=", count: 1000) + "a" + String(repeating: ")", count: 1000)
        #expect(syntaxError(deepLook) != nil)
        let fine = String(repeating: "(?:", count: 50) + "a" + String(repeating: ")", count: 50)
        #expect(outcome(fine, "a") == .matched)
        let longAlternation = (0..<5000).map { "w\($0)" }.joined(separator: "|")
        #expect(outcome("^(?:\(longAlternation))$", "w4999") == .matched)
    }

    // MARK: Step limit and scale

    @Test func catastrophicBacktrackingHitsTheStepLimit() {
        let input = String(repeating: "a", count: 100_000) + "!"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(outcome("(a+)+$", input) == .stepLimitExceeded)
        #expect(outcome("^(a|a)*$", String(repeating: "a", count: 60) + "!") == .stepLimitExceeded)
        #expect(outcome("^(a|aa)+$", String(repeating: "a", count: 200) + "!") == .stepLimitExceeded)
        #expect(outcome("(x+x+)+y", String(repeating: "x", count: 5_000)) == .stepLimitExceeded)
        #expect(clock.now - start < .seconds(10))
        // A small limit bounds small inputs too.
        #expect(outcome("(a+)+$", String(repeating: "a", count: 30) + "!", stepLimit: 10_000) == .stepLimitExceeded)
        #expect(outcome("(a+)+$", String(repeating: "a", count: 30)) == .matched)
    }

    @Test func hugeInputsDoNotOverflowTheStack() {
        let big = String(repeating: "a", count: 5_000_000)
        #expect(outcome("a*", big) == .matched)
        #expect(outcome("^a*$", big) == .matched)
        #expect(outcome("^[a-z]+$", big) == .matched)
        #expect(outcome("^(?:a)*$", big) == .matched)
        #expect(outcome("^a*b", big) == .notMatched)
        #expect(outcome("^(?:aa|b)*$", String(repeating: "a", count: 1_000_000)) == .matched)
        #expect(outcome("^(a|b)*?$", String(repeating: "a", count: 500_000)) == .matched)
        #expect(outcome("^a*(?<=^a*)$", String(repeating: "a", count: 1_000_000)) == .matched)
        #expect(outcome("^(?:ab)*$", String(repeating: "ab", count: 1_000_000)) == .matched)
        #expect(outcome("^(?:(a)b)+\\1$", String(repeating: "ab", count: 500_000) + "a") == .matched)
        let deepRepeat = String(repeating: "(?:a", count: 60) + String(repeating: ")*", count: 60)
        #expect(outcome("^" + deepRepeat + "$", String(repeating: "a", count: 10_000)) == .matched)
    }

    @Test func fiftyMegabyteInput() {
        let big = String(repeating: "a", count: 50_000_000)
        #expect(outcome("a*", big) == .matched)
        #expect(outcome("^a+$", big) == .matched)
    }

    @Test func hashableBySource() throws {
        let a = try ECMARegex("^a+$")
        let b = try ECMARegex("^a+$")
        let c = try ECMARegex("^b+$")
        #expect(a == b)
        #expect(a != c)
        #expect(Set([a, b, c]).count == 2)
        #expect(a.source == "^a+$")
    }
}
