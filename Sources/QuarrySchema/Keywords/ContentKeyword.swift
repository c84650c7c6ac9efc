/// Draft 7's `contentEncoding` and `contentMediaType`, asserted: a `base64` string must decode
/// and an `application/json` string (after decoding) must parse. From 2019-09 on, these
/// keywords are annotations only and this keyword is not compiled.
final class ContentKeyword: Keyword {
    let base64: Bool
    let json: Bool
    let location: KeywordLocation

    /// `nil` when neither keyword asks for something Quarry checks.
    init?(_ scope: KeywordScope) {
        base64 = scope.object["contentEncoding"]?.stringValue?.lowercased() == "base64"
        json = scope.object["contentMediaType"]?.stringValue?.lowercased() == "application/json"
        guard base64 || json else { return nil }
        location = scope.node.location(of: base64 ? "contentEncoding" : "contentMediaType")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .string(let string) = instance else { return true }
        var bytes = Array(string.utf8)
        if base64 {
            guard let decoded = Self.decodeBase64(bytes) else {
                context.fail(location, "\(instance.briefDescription) is not valid base64")
                return false
            }
            bytes = decoded
        }
        if json, (try? JSONValue(parsing: bytes)) == nil {
            context.fail(location, "\(instance.briefDescription) does not hold valid JSON")
            return false
        }
        return true
    }

    /// Decodes RFC 4648 base64 (with optional padding); `nil` when malformed.
    static func decodeBase64(_ text: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - 71)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte + 4)
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            case 0x0A, 0x0D: continue
            default: return nil
            }
            if padding > 0 { return nil }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        guard padding <= 2 else { return nil }
        return output
    }
}
