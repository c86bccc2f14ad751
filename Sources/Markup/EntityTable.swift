internal import CLibXML2

#if canImport(Glibc)
internal import Glibc
#endif

/// The only entities a parse can ever resolve, and the owner of the `xmlEntity` records handed to libxml2.
///
/// libxml2 asks our `getEntity` callback for every entity reference it cannot answer from the five XML
/// built-ins. We answer with records typed `XML_INTERNAL_PREDEFINED_ENTITY`, which libxml2 inlines as plain
/// characters without parsing them again: that is what makes HTML names (`&nbsp;`, `&eacute;`) work in XML
/// that has no DTD, and what keeps any expansion flat. Entities the document declares itself are answered
/// only when their value is plain text, within a byte budget; external entities are never answered, so
/// nothing is ever loaded. Not Sendable: it lives inside one parse on one thread.
final class EntityTable {
    enum Declared {
        case text([UInt8])
        case nested
        case external(systemID: String)
    }

    enum Refusal: Error {
        case nested(String)
        case budgetExceeded
    }

    private var declared: [String: Declared] = [:]
    private var records: [String: UnsafeMutablePointer<xmlEntity>] = [:]
    private var expandedBytes = 0
    private let budget: Int

    init(budget: Int) {
        self.budget = budget
    }

    deinit {
        for record in records.values {
            free(UnsafeMutableRawPointer(mutating: record.pointee.name))
            free(record.pointee.content)
            record.deallocate()
        }
    }

    /// Remembers an entity the document declared (first declaration wins, as in XML).
    func declare(name: String, value: [UInt8]?, systemID: String?) {
        guard declared[name] == nil else { return }
        if let systemID {
            declared[name] = .external(systemID: systemID)
        } else if let value, !value.contains(UInt8(ascii: "&")), !value.contains(UInt8(ascii: "<")) {
            declared[name] = .text(value)
        } else {
            declared[name] = .nested
        }
    }

    /// The external entity of that name, if the document declared one (for the warning that it was not loaded).
    func externalSystemID(_ name: String) -> String? {
        if case .external(let systemID) = declared[name] { return systemID }
        return nil
    }

    /// The record libxml2 should inline for `name`, nil when the name must stay unresolved.
    func resolve(_ name: String) throws(Refusal) -> UnsafeMutablePointer<xmlEntity>? {
        let value: [UInt8]
        switch declared[name] {
        case .text(let text):
            expandedBytes += text.count
            guard expandedBytes <= budget else { throw .budgetExceeded }
            value = text
        case .nested:
            throw .nested(name)
        case .external:
            return nil
        case nil:
            if let cached = records[name] { return cached }
            guard let html = Self.htmlEntityValue(name) else { return nil }
            value = html
        }
        if let cached = records[name] { return cached }
        guard let record = makeRecord(name: name, value: value) else { return nil }
        records[name] = record
        return record
    }

    private func makeRecord(name: String, value: [UInt8]) -> UnsafeMutablePointer<xmlEntity>? {
        // Both strings are malloc'ed so that deinit frees them the way libxml2's own records are freed.
        guard let nameCopy = strdup(name), let content = malloc(value.count + 1) else { return nil }
        let bytes = content.assumingMemoryBound(to: xmlChar.self)
        bytes.initialize(from: value, count: value.count)
        bytes[value.count] = 0
        let record = UnsafeMutablePointer<xmlEntity>.allocate(capacity: 1)
        record.initialize(to: xmlEntity())
        record.pointee.type = XML_ENTITY_DECL
        record.pointee.etype = XML_INTERNAL_PREDEFINED_ENTITY
        record.pointee.name = UnsafePointer(UnsafeMutableRawPointer(nameCopy).assumingMemoryBound(to: xmlChar.self))
        record.pointee.content = bytes
        // libxml2 stores the declaration's original text in `orig` when it finds that field empty
        // (xmlParseEntityDecl asks getEntity for the entity it has just declared); pointing it at our own
        // content makes libxml2 keep and free its copy itself, so nothing of libxml2's is left in our record.
        record.pointee.orig = bytes
        record.pointee.length = Int32(value.count)
        return record
    }

    /// The UTF-8 of an HTML 4 named character reference, from libxml2's own HTML table.
    static func htmlEntityValue(_ name: String) -> [UInt8]? {
        guard let description = htmlEntityLookup(name) else { return nil }
        guard let scalar = Unicode.Scalar(description.pointee.value) else { return nil }
        return Array(String(Character(scalar)).utf8)
    }
}
