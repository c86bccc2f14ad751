public import Foundation
public enum CharsetSource: String, Sendable, Hashable { case byteOrderMark = "bom", caller, declaration, defaulted = "default" }
public struct DecodedDocument: Sendable { public var utf8: [UInt8]; public var charset: String; public var source: CharsetSource; public var replacedSequences: Int; public var warnings: [ParseWarning] }
public enum DocumentCharset {
    public static func decodeXML(_ bytes: [UInt8], callerCharset: String?) -> DecodedDocument {
        DecodedDocument(utf8: bytes, charset: "utf-8", source: .defaulted, replacedSequences: 0, warnings: [])
    }
}
