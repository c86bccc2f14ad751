import Foundation
import Testing

@testable import FeedWatch

@Suite struct SpoolSnapshotTests {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func readsFinishedVisibleFilesInNameOrder() throws {
        let spool = try directory()
        defer { try? FileManager.default.removeItem(at: spool) }
        for name in ["b.html", "a.txt", ".hidden", "c.part", "d.tmp"] {
            try Data(name.utf8).write(to: spool.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(
            at: spool.appendingPathComponent("sub"),
            withIntermediateDirectories: true
        )
        let snapshot = try SpoolSnapshot.read(spool.path)
        #expect(snapshot.files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["a.txt", "b.html"])
    }

    @Test func hashChangesWithContentOrNamesOnly() throws {
        let spool = try directory()
        defer { try? FileManager.default.removeItem(at: spool) }
        try Data("one".utf8).write(to: spool.appendingPathComponent("a.txt"))
        let first = try SpoolSnapshot.read(spool.path).hash
        #expect(try SpoolSnapshot.read(spool.path).hash == first)
        try Data("two".utf8).write(to: spool.appendingPathComponent("a.txt"))
        let second = try SpoolSnapshot.read(spool.path).hash
        #expect(second != first)
        try FileManager.default.moveItem(
            at: spool.appendingPathComponent("a.txt"),
            to: spool.appendingPathComponent("b.txt")
        )
        #expect(try SpoolSnapshot.read(spool.path).hash != second)
    }

    @Test func aMissingPathSaysSo() {
        #expect(throws: DocumentError(description: "no such file or directory")) {
            try SpoolSnapshot.read("/nonexistent/feedwatch-spool")
        }
    }
}
