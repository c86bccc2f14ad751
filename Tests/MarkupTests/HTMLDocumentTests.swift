import Foundation
import Markup
import Testing

@Suite("HTML document tree")
struct HTMLDocumentTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "html", subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    /// The elements of a subtree in document order, depth first.
    static func elements(_ node: HTMLNode) -> [HTMLNode] {
        node.children.filter { $0.kind == .element }.flatMap { [$0] + elements($0) }
    }

    @Test func tagSoupParsesIntoATreeWithNamesAttributesAndText() throws {
        let document = try HTMLDocument(utf8: try Self.fixture("tag-soup"))
        let root = try #require(document.root)
        #expect(root.name == "html")
        #expect(root.attribute("lang") == "fr")
        let all = [root] + Self.elements(root)
        let names = all.map(\.name)
        #expect(names.starts(with: ["html", "head", "title", "body", "div", "p", "b", "i"]))
        let title = try #require(all.first { $0.name == "title" })
        #expect(title.text == "Soupe & balises")
        let body = try #require(all.first { $0.name == "body" })
        #expect(body.attributes.map(\.name) == ["class", "data-x"])
        #expect(body.attribute("data-x") == "1")
        #expect(body.attribute("missing") == nil)
        let div = try #require(all.first { $0.name == "div" })
        #expect(div.attribute("id") == "a")
        #expect(div.text.contains("Un gras italique"))
        // The stray </div>s are dropped; the second paragraph is a child of body, with its entity decoded.
        let paragraphs = all.filter { $0.name == "p" }
        #expect(paragraphs.count == 2)
        #expect(paragraphs[1].text.hasPrefix("Deuxième étape"))
        // Script bodies are text to libxml2, not markup.
        let script = try #require(all.first { $0.name == "script" })
        #expect(script.children.allSatisfy { $0.kind == .text })
        #expect(script.text.contains("<p>not a tag</p>"))
        // The comment stays in the tree as a node of its own, neither element nor text.
        #expect(all.contains { element in element.children.contains { $0.kind == .other } })
    }

    @Test func aMetaCharsetDoesNotMakeTheParserTranscodeUTF8Again() throws {
        let html = Array("<html><head><meta charset=\"iso-8859-1\"></head><body><p>café ☕</p></body></html>".utf8)
        let document = try HTMLDocument(utf8: html)
        let root = try #require(document.root)
        let paragraph = try #require(Self.elements(root).first { $0.name == "p" })
        #expect(paragraph.text == "café ☕")
    }

    @Test func nulBytesAreDroppedNotTheEndOfThePage() throws {
        let page =
            Array("<!DOCTYPE html>".utf8) + [0] + Array("<html><body><p>Fi".utf8) + [0]
            + Array("rst</p><p>Second</p></body></html>".utf8)
        let root = try #require(try HTMLDocument(utf8: page).root)
        #expect(Self.elements(root).filter { $0.name == "p" }.map(\.text) == ["First", "Second"])
    }

    @Test func aDocumentOverTheSizeLimitIsRefused() {
        let html = Array("<p>\(String(repeating: "x", count: 200))</p>".utf8)
        #expect(throws: MarkupError.documentTooLarge(bytes: html.count, limit: 100)) {
            try HTMLDocument(utf8: html, limits: MarkupLimits(maxDocumentBytes: 100))
        }
    }

    @Test func emptyInputGivesNoRootRatherThanACrash() throws {
        let document = try HTMLDocument(utf8: [])
        #expect(document.root == nil || document.root?.text.trimmingCharacters(in: .whitespaces) == "")
    }
}
