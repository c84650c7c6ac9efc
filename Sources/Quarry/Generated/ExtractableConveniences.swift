import Foundation

extension Extractable {
    /// Extracts a value of this type from `input` with `quarry` (``Quarry/default`` when
    /// omitted): `try await Invoice.extract(text)`.
    ///
    /// The value is guaranteed valid against ``Extractable/schema``; the result also carries
    /// every attempt, the summed usage, the estimated cost and the schema hash.
    public static func extract(_ input: String, using quarry: Quarry = .default) async throws(ExtractionError)
        -> Extraction<Self>
    {
        try await quarry.extract(Self.self, from: input)
    }
}
