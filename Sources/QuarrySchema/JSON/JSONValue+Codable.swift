import Foundation

/// `JSONValue` as a `Codable` value, so generated types can hold any JSON in a field whose
/// schema does not pin down one Swift type.
///
/// Decoding through `JSONDecoder` keeps integers exact (as `Int64`) and other numbers as
/// `Decimal` where they fit; object key order is whatever the decoder reports.
extension JSONValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                object[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key)
            }
            self = .object(object)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? single.decode(Int64.self) {
            self = .number(JSONNumber(integer))
        } else if let string = try? single.decode(String.self) {
            self = .string(string)
        } else if let decimal = try? single.decode(Decimal.self), decimal.isFinite,
            let number = JSONNumber(text: "\(decimal)")
        {
            self = .number(number)
        } else if let double = try? single.decode(Double.self), let number = JSONNumber(double) {
            self = .number(number)
        } else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "not a JSON value")
        }
    }

    /// Encodes the value; numbers keep their exact digits where the encoder allows it.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let bool):
            var single = encoder.singleValueContainer()
            try single.encode(bool)
        case .string(let string):
            var single = encoder.singleValueContainer()
            try single.encode(string)
        case .number(let number):
            var single = encoder.singleValueContainer()
            if let integer = number.int64Value {
                try single.encode(integer)
            } else if let decimal = Decimal(string: number.description, locale: Locale(identifier: "en_US_POSIX")),
                decimal.isFinite, JSONNumber(text: "\(decimal)") == number
            {
                try single.encode(decimal)
            } else {
                try single.encode(number.doubleValue)
            }
        case .array(let elements):
            var unkeyed = encoder.unkeyedContainer()
            for element in elements { try unkeyed.encode(element) }
        case .object(let object):
            var keyed = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, value) in object { try keyed.encode(value, forKey: AnyCodingKey(key)) }
        }
    }
}
