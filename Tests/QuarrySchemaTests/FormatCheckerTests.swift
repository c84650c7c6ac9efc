import Foundation
import Testing

@testable import QuarrySchema

/// `FormatChecker` against the official suite's optional format tests, plus focused cases.
@Suite("FormatChecker")
struct FormatCheckerTests {
    // MARK: - JSON Schema Test Suite

    static let suiteRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/JSON-Schema-Test-Suite")

    /// Formats that must pass every string case of the suite.
    static let fullyPassing: Set<String> = [
        "date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference",
        "iri", "iri-reference", "uuid", "json-pointer", "relative-json-pointer", "uri-template",
        "idn-email", "idn-hostname",
    ]

    struct SuiteCase: Sendable {
        let file: String
        let format: String
        let description: String
        let data: String
        let valid: Bool
    }

    /// Every string case of `tests/<draft>/optional/format/*.json` (skipping `regex`,
    /// `ecmascript-regex` and `unknown`, which this checker does not own).
    static func suiteCases(draft: String) throws -> [SuiteCase] {
        let directory = suiteRoot.appendingPathComponent("tests/\(draft)/optional/format")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var cases: [SuiteCase] = []
        for file in files where !["regex.json", "ecmascript-regex.json", "unknown.json"].contains(file) {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            guard let groups = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { continue }
            for group in groups {
                guard let schema = group["schema"] as? [String: Any], let format = schema["format"] as? String,
                    let tests = group["tests"] as? [[String: Any]]
                else { continue }
                for test in tests {
                    guard let value = test["data"] as? String, let valid = test["valid"] as? Bool else { continue }
                    let description =
                        "\(group["description"] as? String ?? "?") / \(test["description"] as? String ?? "?")"
                    cases.append(
                        SuiteCase(
                            file: "\(draft)/\(file)", format: format, description: description, data: value,
                            valid: valid))
                }
            }
        }
        return cases
    }

    @Test("JSON Schema Test Suite optional/format", arguments: ["draft2020-12", "draft2019-09", "draft7"])
    func suite(draft: String) throws {
        let cases = try Self.suiteCases(draft: draft)
        #expect(cases.count > 300, "fixtures not found under \(Self.suiteRoot.path)")
        var passed: [String: Int] = [:]
        var total: [String: Int] = [:]
        var failures: [String: [String]] = [:]
        for c in cases {
            total[c.format, default: 0] += 1
            let result = FormatChecker.check(c.data, format: c.format) ?? true
            if result == c.valid {
                passed[c.format, default: 0] += 1
            } else {
                failures[c.format, default: []].append(
                    "\(c.file) :: \(c.description) :: \(c.data.debugDescription) expected \(c.valid)")
            }
        }
        for format in total.keys.sorted() {
            print("format \(draft) \(format): \(passed[format] ?? 0)/\(total[format] ?? 0)")
        }
        for format in total.keys.sorted() where Self.fullyPassing.contains(format) {
            let failed = failures[format] ?? []
            #expect(failed.isEmpty, "\(draft) \(format) failures:\n\(failed.joined(separator: "\n"))")
        }
        for format in total.keys.sorted() where !Self.fullyPassing.contains(format) {
            for failure in failures[format] ?? [] { print("  best effort, failing: \(failure)") }
        }
    }

    // MARK: - API

    @Test func unknownAndRegexFormatsAreNil() {
        #expect(FormatChecker.check("anything", format: "regex") == nil)
        #expect(FormatChecker.check("anything", format: "no-such-format") == nil)
        #expect(FormatChecker.check("anything", format: "") == nil)
        #expect(FormatChecker.check("anything", format: "DATE") == nil)
        #expect(!FormatChecker.knownFormats.contains("regex"))
        #expect(FormatChecker.knownFormats.count == 18)
        for format in FormatChecker.knownFormats {
            #expect(FormatChecker.check("", format: format) != nil, "\(format)")
        }
    }

    // MARK: - Dates and times

    @Test func leapSeconds() {
        let valid = [
            "23:59:60Z", "23:59:60z", "23:59:60.999Z", "23:59:60+00:00", "23:59:60-00:00", "15:59:60-08:00",
            "00:59:60+01:00", "05:29:60+05:30", "00:00:60+00:01", "23:58:60-00:01", "13:44:60-10:15",
        ]
        for v in valid { #expect(FormatChecker.check(v, format: "time") == true, "\(v)") }
        let invalid = [
            "23:59:61Z", "22:59:60Z", "23:58:60Z", "00:00:60Z", "23:59:60+01:00", "23:59:60-01:00",
            "00:59:60-01:00", "23:59:60+00:01",
        ]
        for v in invalid { #expect(FormatChecker.check(v, format: "time") == false, "\(v)") }
        #expect(FormatChecker.check("2016-12-31T23:59:60Z", format: "date-time") == true)
        #expect(FormatChecker.check("2017-01-01T00:59:60+01:00", format: "date-time") == true)
        #expect(FormatChecker.check("2016-12-31T23:59:60+01:00", format: "date-time") == false)
    }

    @Test func leapYears() {
        for v in ["2000-02-29", "2024-02-29", "1600-02-29", "0000-02-29", "2020-02-29"] {
            #expect(FormatChecker.check(v, format: "date") == true, "\(v)")
        }
        for v in ["1900-02-29", "2100-02-29", "2023-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "0000-00-01"] {
            #expect(FormatChecker.check(v, format: "date") == false, "\(v)")
        }
        #expect(FormatChecker.check("2024-02-29T12:00:00Z", format: "date-time") == true)
        #expect(FormatChecker.check("2023-02-29T12:00:00Z", format: "date-time") == false)
    }

    @Test func dateTimeShapes() {
        for v in ["2024-01-15T10:20:30Z", "2024-01-15t10:20:30.5+05:45", "9999-12-31T23:59:59.000000001-23:59"] {
            #expect(FormatChecker.check(v, format: "date-time") == true, "\(v)")
        }
        for v in [
            "2024-01-15 10:20:30Z", "2024-01-15T10:20:30", "2024-01-15T10:20:30.Z", "2024-01-15T10:20Z",
            "2024-01-15T10:20:30+0100", "2024-01-15T10:20:30+01:00:00", "2024-01-15", "T10:20:30Z",
            "2024-01-15T10:20:30Zjunk", "２０２４-01-15T10:20:30Z",
        ] {
            #expect(FormatChecker.check(v, format: "date-time") == false, "\(v)")
        }
    }

    @Test func durations() {
        for v in [
            "P1Y", "P1Y2M", "P1Y2M3D", "P1M2D", "P3D", "PT1H", "PT1H2M3S", "PT2M3S", "PT3S", "P1DT1S", "P52W", "p1d",
            "P1Y2M3DT4H5M6S",
        ] {
            #expect(FormatChecker.check(v, format: "duration") == true, "\(v)")
        }
        for v in [
            "P", "PT", "P1H", "PT1Y", "P1Y1Y", "P1M1Y", "P1YT", "P1W1D", "PT1.5S", "P1.5Y", "P T1H", "1Y", "P1Y2D",
            "PT1H3S", "PW",
        ] {
            #expect(FormatChecker.check(v, format: "duration") == false, "\(v)")
        }
    }

    // MARK: - IP addresses

    @Test func ipv4() {
        for v in ["0.0.0.0", "1.2.3.4", "255.255.255.255", "10.0.0.10", "100.200.250.9"] {
            #expect(FormatChecker.check(v, format: "ipv4") == true, "\(v)")
        }
        for v in [
            "256.0.0.0", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4 ", "1.2.3.-4", "1.2.3.1000",
            "١.2.3.4",
        ] {
            #expect(FormatChecker.check(v, format: "ipv4") == false, "\(v)")
        }
    }

    @Test func ipv6() {
        let valid = [
            "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "fe80::1:2",
            "FFFF:ffff:FfFf::", "::ffff:192.168.0.1", "::192.168.0.1", "64:ff9b::10.0.0.1",
            "1:2:3:4:5:6:1.2.3.4", "1::5:6:1.2.3.4", "0000:0000:0000:0000:0000:0000:0000:0000",
        ]
        for v in valid { #expect(FormatChecker.check(v, format: "ipv6") == true, "\(v)") }
        let invalid = [
            "", ":", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::", "g::", "::1%eth0",
            "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "::1.2.3", "::01.2.3.4", "1.2.3.4::", "[::1]", ":1::",
            "1:2:3:4:5:6::1.2.3.4:", "::ffff:256.0.0.1",
        ]
        for v in invalid { #expect(FormatChecker.check(v, format: "ipv6") == false, "\(v)") }
    }

    // MARK: - Host names and e-mail

    @Test func hostnames() {
        for v in [
            "a", "example.com", "a-b.c-d.e", "xn--bcher-kva.example", "XN--BCHER-KVA.example",
            "r3---sn-abc.googlevideo.com", "1.2.3.4",
        ] {
            #expect(FormatChecker.check(v, format: "hostname") == true, "\(v)")
        }
        let long = String(repeating: "a", count: 63)
        #expect(
            FormatChecker.check(
                [long, long, long, String(repeating: "a", count: 61)].joined(separator: "."), format: "hostname")
                == true)
        #expect(
            FormatChecker.check(
                [long, long, long, String(repeating: "a", count: 62)].joined(separator: "."), format: "hostname")
                == false)
        for v in ["bücher.example", "xn--bcher-kva-.example", "xn--", "xn--bcher", "a b", "a.-b", "a..b", "ex@mple"] {
            #expect(FormatChecker.check(v, format: "hostname") == false, "\(v)")
        }
    }

    @Test func idnHostnames() {
        for v in [
            "bücher.example", "münchen.de", "例え.テスト", "xn--bcher-kva.example", "παράδειγμα.δοκιμή", "пример.рф",
            "مثال.إختبار", "a。b",
        ] {
            #expect(FormatChecker.check(v, format: "idn-hostname") == true, "\(v)")
        }
        for v in ["Bücher.example", "bü cher", "☃.example", "a\u{200D}b", "example.\u{05D0}1a", "-bücher", "ab--ü"] {
            #expect(FormatChecker.check(v, format: "idn-hostname") == false, "\(v)")
        }
    }

    @Test func punycodeRoundTrip() {
        let samples: [[UInt32]] = [
            Array("bücher".unicodeScalars.map(\.value)), Array("例え".unicodeScalars.map(\.value)),
            Array("παράδειγμα".unicodeScalars.map(\.value)),
        ]
        let expected = ["bcher-kva", "r8jz45g", "hxajbheg2az3al"]
        for (sample, encoded) in zip(samples, expected) {
            let bytes = Punycode.encode(sample) ?? []
            #expect(String(decoding: bytes, as: UTF8.self) == encoded)
            let decoded = encoded.utf8.span
            #expect(Punycode.decode(decoded, 0, decoded.count) == sample)
        }
    }

    @Test func emails() {
        for v in [
            "a@b", "first.last@example.com", "\"a b\"@example.com", "\"a\\\"b\"@x.org", "x@[IPv6:2001:db8::1]",
            "x@[ipv6:::1]", "x@[10.0.0.1]", "!#$%&'*+-/=?^_`{|}~@example.com",
        ] {
            #expect(FormatChecker.check(v, format: "email") == true, "\(v)")
        }
        let longLocal = String(repeating: "a", count: 65) + "@example.com"
        for v in [
            "a@", "@b", "a", "a@b@c", "a.@b", ".a@b", "a..b@c", "\"a@b", "x@[IPv6:1.2.3.4]", "x@[1.2.3]", "x@[Tag:abc]",
            "ü@example.com", "a@bü.com", "a@b_c.com", longLocal,
        ] {
            #expect(FormatChecker.check(v, format: "email") == false, "\(v)")
        }
        for v in ["ü@bücher.example", "\"ü x\"@example.com", "用户@例子.广告"] {
            #expect(FormatChecker.check(v, format: "idn-email") == true, "\(v)")
        }
        for v in ["ü@", "ü@bü cher", "a b@c"] {
            #expect(FormatChecker.check(v, format: "idn-email") == false, "\(v)")
        }
    }

    // MARK: - URIs

    @Test func uris() {
        let valid = [
            "http://example.com", "https://user:pa%20ss@example.com:8080/p/a/t/h?q=1&r=2;s#frag", "urn:isbn:0451450523",
            "file:///etc/hosts", "http://[::1]:80/", "http://[v7.a:b]/", "mailto:a@b.c", "a+b-c.d:x", "http://h:/",
            "foo:", "http://example.com/?#",
        ]
        for v in valid { #expect(FormatChecker.check(v, format: "uri") == true, "\(v)") }
        let invalid = [
            "", "example.com", "/path", "http://exa mple.com", "http://[::1", "http://[::g]/", "http://h:8o/",
            "http://example.com/%", "http://example.com/#a#b", "http://ü.com", "9http://x", "http://a@b@c",
        ]
        for v in invalid { #expect(FormatChecker.check(v, format: "uri") == false, "\(v)") }
        for v in ["", "a", "../a/b", "?", "#", "//host", "a/b:c", "./a:b"] {
            #expect(FormatChecker.check(v, format: "uri-reference") == true, "\(v)")
        }
        for v in ["a:b:c d", ":a", "a:b c", "\\", "%gg", "1a:b"] {
            #expect(FormatChecker.check(v, format: "uri-reference") == false, "\(v)")
        }
        #expect(FormatChecker.check("http://ü.com/ä?ö=\u{E000}#ß", format: "iri") == true)
        #expect(FormatChecker.check("http://ü.com/\u{E000}", format: "iri") == false)  // iprivate only in query
        #expect(FormatChecker.check("ä/ö", format: "iri-reference") == true)
        #expect(FormatChecker.check("http://a.com/\u{FFFE}", format: "iri") == false)
        #expect(FormatChecker.check("http://a.com/?\u{F8FF}", format: "iri-reference") == true)
        #expect(FormatChecker.check("http://[::1]x/", format: "uri") == false)
    }

    @Test func uriTemplates() {
        for v in ["", "x", "{x}", "{+x,y:3,z*}", "/a/{b}{?c,d}", "{a.b_c%20d}", "{x:9999}", "{=x}"] {
            #expect(FormatChecker.check(v, format: "uri-template") == true, "\(v)")
        }
        for v in [
            "{", "}", "{x", "{.}", "{x.}", "{..x}", "{x:0}", "{x:10000}", "{x*:3}", "{x}}", "%", "%4", "{x y}", "<x>",
            "{{x}}",
        ] {
            #expect(FormatChecker.check(v, format: "uri-template") == false, "\(v)")
        }
    }

    // MARK: - Others

    @Test func uuids() {
        #expect(FormatChecker.check("123e4567-e89b-12d3-a456-426614174000", format: "uuid") == true)
        #expect(FormatChecker.check("{123e4567-e89b-12d3-a456-426614174000}", format: "uuid") == false)
        #expect(FormatChecker.check("123e4567-e89b-12d3-a456-42661417400g", format: "uuid") == false)
        #expect(FormatChecker.check("123e4567-e89b-12d3-a456-4266141740000", format: "uuid") == false)
    }

    @Test func jsonPointers() {
        for v in ["", "/", "/a~0b~1c", "//", "/ü/0", "/~01"] {
            #expect(FormatChecker.check(v, format: "json-pointer") == true, "\(v)")
        }
        for v in ["a", "/~", "/~2", "#/a", "/a~"] {
            #expect(FormatChecker.check(v, format: "json-pointer") == false, "\(v)")
        }
        for v in ["0", "0#", "10/a", "3/", "0/~1"] {
            #expect(FormatChecker.check(v, format: "relative-json-pointer") == true, "\(v)")
        }
        for v in ["", "#", "00", "-0", "0/~", "1#/a", "0+1/a", "1a"] {
            #expect(FormatChecker.check(v, format: "relative-json-pointer") == false, "\(v)")
        }
    }

    /// No input may trap: huge strings, odd Unicode, lone separators, NULs.
    @Test func robustness() {
        let inputs: [String] = [
            "", "\0", "\u{FFFF}", "\u{10FFFF}", "🏳️‍🌈", "e\u{301}", String(repeating: "a", count: 100_000),
            String(repeating: "ü", count: 50_000), String(repeating: "xn--", count: 5_000),
            "xn--" + String(repeating: "9", count: 60), "xn--" + String(repeating: "z", count: 59),
            String(repeating: "{a", count: 10_000), String(repeating: ":", count: 1_000),
            String(repeating: "%", count: 1_001),
            String(repeating: "1.", count: 1_000), "[" + String(repeating: ":", count: 50) + "]",
            "http://[" + String(repeating: "1:", count: 50) + "]", "\"" + String(repeating: "\\", count: 999),
            String(repeating: "P1Y", count: 1_000), String(repeating: "。", count: 300),
            "xn--a-" + String(repeating: "-", count: 50),
            "xn--zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "xn--99999999999999",
        ]
        for input in inputs {
            for format in FormatChecker.knownFormats {
                _ = FormatChecker.check(input, format: format)
                _ = FormatChecker.check(input + "@" + input, format: format)
            }
        }
    }
}
