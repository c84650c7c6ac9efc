import Foundation

/// Deterministic invoice records: the same seed gives byte-identical JSON on every machine.
struct InvoiceGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    private static let companies = [
        "Acme Industrial Supply Ltd", "Müller & Söhne GmbH", "Northwind Traders", "Blue Harbor Logistics Inc.",
        "Société Générale d'Équipement", "Kobayashi Precision Parts 株式会社", "Vértice Ingeniería S.A.",
        "Fjord Analytics AS", "Quarry Stone & Gravel Co.", "O'Neill \"Premium\" Fasteners",
    ]
    private static let streets = [
        "12 Harbour Road", "Hauptstraße 221b", "4500 Industrial Parkway, Suite 300", "Rue de la Paix 7",
        "1-2-3 Shibuya", "Calle Mayor 18, 3º izq.", "Storgata 55",
    ]
    private static let cities = ["Leeds", "München", "Springfield", "Paris", "東京", "Madrid", "Oslo", "Zürich"]
    private static let countries = ["GB", "DE", "US", "FR", "JP", "ES", "NO", "CH"]
    private static let currencies = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD"]
    private static let statuses = ["draft", "issued", "paid", "overdue", "void"]
    private static let units = ["each", "hour", "kg", "box"]
    private static let products = [
        "Hex bolt M8×40, zinc plated, box of 100", "Consulting — on-site integration support",
        "Steel rebar 12 mm, per kilogram", "Safety gloves, nitrile, size L", "Freight: pallet delivery (zone 3)",
        "Annual maintenance contract, tier \"Gold\"", "Cutting disc 125 mm for stainless steel",
        "Hydraulic hose assembly 3/8\" × 1.5 m", "Labour: installation & commissioning", "Concrete sealant 5 L",
    ]

    private static func money(_ cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private mutating func date() -> String {
        let month = int(1...12)
        let day = int(1...28)
        return "202\(int(3...6))-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    private mutating func party() -> String {
        var fields = ["\"name\":" + Self.quoted(pick(Self.companies))]
        if int(0...3) != 0 {
            fields.append("\"taxId\":\"\(pick(Self.countries))\(int(10_000_000...999_999_999))\"")
        }
        if int(0...1) == 0 { fields.append("\"email\":\"billing\(int(1...999))@example.com\"") }
        var address = [
            "\"street\":" + Self.quoted(pick(Self.streets)), "\"city\":" + Self.quoted(pick(Self.cities)),
        ]
        if int(0...2) == 0 { address.append("\"region\":\"Region \(int(1...40))\"") }
        address.append("\"postalCode\":\"\(int(10_000...99_999))\"")
        address.append("\"country\":\"\(pick(Self.countries))\"")
        fields.append("\"address\":{" + address.joined(separator: ",") + "}")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// One invoice record; `lineItems` items (random 3...14 when nil).
    mutating func invoice(lineItems requested: Int? = nil) -> String {
        let count = requested ?? int(3...14)
        var items: [String] = []
        var subtotal = 0
        for _ in 0..<count {
            let quantityHalves = int(1...40)
            let unitCents = int(50...250_000)
            let amount = unitCents * quantityHalves / 2
            subtotal += amount
            let quantity = quantityHalves % 2 == 0 ? "\(quantityHalves / 2)" : "\(quantityHalves / 2).5"
            var fields = [
                "\"sku\":\"\(String(UnicodeScalar(UInt8(65 + int(0...25)))))\(String(UnicodeScalar(UInt8(65 + int(0...25)))))Q-\(int(1000...9999))\"",
                "\"description\":" + Self.quoted(pick(Self.products)),
                "\"quantity\":" + quantity,
            ]
            if int(0...4) != 0 { fields.append("\"unit\":\"\(pick(Self.units))\"") }
            fields.append("\"unitPrice\":" + Self.money(unitCents))
            if int(0...1) == 0 { fields.append("\"taxRate\":0.\(pick(["2", "19", "07", "1", "25"]))") }
            fields.append("\"amount\":" + Self.money(amount))
            items.append("{" + fields.joined(separator: ",") + "}")
        }
        let tax = subtotal / 5
        var fields = [
            "\"invoiceNumber\":\"INV-202\(int(3...6))-\(int(10_000...99_999))\"",
            "\"issueDate\":\"\(date())\"", "\"dueDate\":\"\(date())\"",
            "\"currency\":\"\(pick(Self.currencies))\"", "\"status\":\"\(pick(Self.statuses))\"",
            "\"purchaseOrder\":" + (int(0...2) == 0 ? "null" : "\"PO-\(int(100_000...999_999))\""),
            "\"seller\":" + party(), "\"buyer\":" + party(),
            "\"lineItems\":[" + items.joined(separator: ",") + "]",
        ]
        if int(0...3) == 0 {
            fields.append(
                "\"discounts\":[{\"code\":\"EARLY\(int(1...9))\",\"amount\":\(Self.money(int(100...5_000)))}]")
        }
        fields.append("\"subtotal\":" + Self.money(subtotal))
        fields.append("\"tax\":" + Self.money(tax))
        fields.append("\"total\":" + Self.money(subtotal + tax))
        fields.append(
            "\"paymentTerms\":{\"netDays\":\(pick([14, 30, 45, 60]))"
                + (int(0...1) == 0 ? ",\"earlyPaymentDiscountPercent\":2.5}" : "}"))
        if int(0...1) == 0 {
            fields.append(
                "\"notes\":\"Please quote the invoice number with your payment.\\nThank you for your business.\"")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON array of invoices of at least `targetBytes` bytes, one record per line.
    static func document(targetBytes: Int, seed: UInt64) -> [UInt8] {
        var generator = InvoiceGenerator(seed: seed)
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(targetBytes + 8_192)
        var first = true
        while out.count < targetBytes {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: generator.invoice().utf8)
        }
        out.append(contentsOf: "\n]\n".utf8)
        return out
    }
}
