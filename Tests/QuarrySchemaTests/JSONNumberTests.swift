import QuarrySchema
import Testing

@Suite("Exact JSON numbers")
struct JSONNumberTests {
    func number(_ text: String) -> JSONNumber {
        JSONNumber(text: text) ?? JSONNumber(-999_999)
    }

    @Test func equalValuesAreEqualWhateverTheSpelling() {
        #expect(number("1.0") == number("1"))
        #expect(number("1e2") == number("100"))
        #expect(number("0.10") == number("0.1"))
        #expect(number("-0") == number("0"))
        #expect(number("12345678901234567890123456789") == number("1.2345678901234567890123456789e28"))
        #expect(number("1.0").isInteger)
        #expect(!number("1.5").isInteger)
        #expect(number("1e400").isInteger)
    }

    @Test func keepsIntegersOfAnyLength() throws {
        let text = "123456789012345678901234567890123456789"
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == text)
        #expect(number(text) > number("123456789012345678901234567890123456788"))
    }

    @Test func comparesExactly() {
        #expect(number("0.1") < number("0.10000000000000001"))
        #expect(number("-1e-400") < number("0"))
        #expect(number("1e400") > number("9.99e399"))
        #expect(number("-5") < number("-4.99999999999999999999"))
        #expect(number("9223372036854775807") < number("9223372036854775808"))
    }

    @Test func multipleOfIsExactInDecimal() {
        #expect(number("0.3").isMultiple(of: number("0.1")))
        #expect(number("19.99").isMultiple(of: number("0.01")))
        #expect(!number("19.999").isMultiple(of: number("0.01")))
        #expect(number("1e308").isMultiple(of: number("0.5")))
        #expect(number("12345678901234567890123456789").isMultiple(of: number("3")))
        #expect(!number("12345678901234567890123456788").isMultiple(of: number("3")))
        #expect(number("4.5e-30").isMultiple(of: number("1.5e-30")))
        #expect(!number("1").isMultiple(of: number("0.123456789012345678901")))
        #expect(number("0.123456789012345678901").isMultiple(of: number("0.123456789012345678901")))
    }

    @Test func describesNumbersAsJSON() {
        #expect(number("12.50").description == "12.5")
        #expect(number("-0.000001").description == "-0.000001")
        #expect(number("1e-30").description == "1e-30")
        #expect(number("1.5e300").description == "1.5e+300")
        #expect(JSONNumber(0.1)?.description == "0.1")
        #expect(JSONNumber(Double.nan) == nil)
    }
}
