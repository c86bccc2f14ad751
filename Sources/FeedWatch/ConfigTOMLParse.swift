import Dispatch
import FeedCore
import TOMLKit

/// TOMLKit's parse of a config text and the text's line index, on both cores.
///
/// A daemon's config may hold thousands of `[[source]]` tables and is read on every start and reload; TOMLKit
/// (toml++) takes a couple of milliseconds per hundred kilobytes on one core. A long text is cut at a
/// `[[source]]` header near its middle and the halves are parsed at once, the index built beside them. The halves
/// stand for the whole only when the second holds nothing but `[[source]]` tables and the cut is a real header
/// (not text inside a multi-line string), which the index confirms; otherwise, and for any text TOMLKit refuses,
/// the whole text is parsed again, so errors and their lines are TOMLKit's own.
struct ConfigTOMLParse {
    /// The root table, or TOMLKit's error for the whole text.
    let root: Result<TOMLTable, any Error>
    /// The second half's root when the text was parsed in two: its only key is `source`, whose tables follow the
    /// root's own `[[source]]` tables.
    let trailing: TOMLTable?
    let index: ConfigLineIndex

    /// Texts shorter than this are parsed whole: a cut gains nothing worth a thread.
    static let splitMinimumBytes = 64 << 10

    init(_ text: String) {
        let cut = text.utf8.count >= Self.splitMinimumBytes ? Self.cut(text) : nil
        // The cut follows a newline, so both halves are whole UTF-8.
        let parts =
            cut.map { cut -> [String] in
                let at = text.utf8.index(text.utf8.startIndex, offsetBy: cut.offset)
                return [String(text.utf8[..<at])!, String(text.utf8[at...])!]
            } ?? [text]
        let parsed = ResultSlots<Result<TOMLTable, any Error>>(count: parts.count)
        let indexed = ResultSlots<ConfigLineIndex>(count: 1)
        DispatchQueue.concurrentPerform(iterations: parts.count + 1) { worker in
            if worker < parts.count {
                parsed.store(Result { try TOMLTable(string: parts[worker]) }, at: worker)
            } else {
                indexed.store(ConfigLineIndex(text), at: 0)
            }
        }
        let results = parsed.collect()
        index = indexed.collect()[0]
        if let cut, case .success(let head) = results[0], case .success(let tail) = results[1],
            Self.halvesStandForTheWhole(head, tail, cutLine: cut.line, index: index)
        {
            root = .success(head)
            trailing = tail
        } else if cut != nil {
            root = Result { try TOMLTable(string: text) }
            trailing = nil
        } else {
            root = results[0]
            trailing = nil
        }
    }

    /// Where the second half would start: the first `[[source]]` header line from the middle on (its byte offset
    /// and 1-based line), if any.
    private static func cut(_ text: String) -> (offset: Int, line: Int)? {
        var text = text
        return text.withUTF8 { bytes in
            let header = Array("\n[[source]]".utf8)
            var newline = bytes.count / 2
            while newline + header.count <= bytes.count {
                guard bytes[newline] == UInt8(ascii: "\n") else {
                    newline += 1
                    continue
                }
                if header.indices.allSatisfy({ bytes[newline + $0] == header[$0] }) {
                    var lines = 1
                    for byte in bytes[...newline] where byte == UInt8(ascii: "\n") { lines += 1 }
                    return (newline + 1, lines)
                }
                newline += 1
            }
            return nil
        }
    }

    /// Whether `head` then `tail` read as the whole text would: `tail` holds only `[[source]]` tables, `head` has
    /// some, both sets come from `[[source]]` headers, and the cut falls on the header of the first of `tail`'s.
    private static func halvesStandForTheWhole(
        _ head: TOMLTable,
        _ tail: TOMLTable,
        cutLine: Int,
        index: ConfigLineIndex
    ) -> Bool {
        guard tail.keys == ["source"], let tailSources = tail["source"]?.array, let headSources = head["source"]?.array,
            !headSources.isEmpty
        else { return false }
        let total = headSources.count + tailSources.count
        return index.line(of: ["source"]) == index.line(of: ["source", .element(0)])
            && index.line(of: ["source", .element(headSources.count)]) == cutLine
            && index.line(of: ["source", .element(total - 1)]) != nil
            && index.line(of: ["source", .element(total)]) == nil
    }
}
