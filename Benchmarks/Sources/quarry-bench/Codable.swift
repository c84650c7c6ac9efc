/// The invoice record as a Codable struct, for the `JSONDecoder` side of workload (c).
/// Mirrors Data/invoice.schema.json.
struct Invoice: Decodable {
    struct Address: Decodable {
        var street: String
        var city: String
        var region: String?
        var postalCode: String
        var country: String
    }
    struct Party: Decodable {
        var name: String
        var taxId: String?
        var email: String?
        var address: Address
    }
    struct LineItem: Decodable {
        var sku: String
        var description: String
        var quantity: Double
        var unit: String?
        var unitPrice: Double
        var taxRate: Double?
        var amount: Double
    }
    struct Discount: Decodable {
        var code: String
        var amount: Double
    }
    struct PaymentTerms: Decodable {
        var netDays: Int
        var earlyPaymentDiscountPercent: Double?
    }
    var invoiceNumber: String
    var issueDate: String
    var dueDate: String
    var currency: String
    var status: String
    var purchaseOrder: String?
    var seller: Party
    var buyer: Party
    var lineItems: [LineItem]
    var discounts: [Discount]?
    var subtotal: Double
    var tax: Double
    var total: Double
    var paymentTerms: PaymentTerms?
    var notes: String?
}
