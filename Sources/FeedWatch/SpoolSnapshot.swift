import Foundation

/// The documents at a `path` source, read at one moment, with one hash over all of them so an unchanged
/// spool ends the poll as an unchanged body does.
struct SpoolSnapshot: Sendable {
    struct File: Sendable {
        let path: String
        let bytes: [UInt8]
    }

    let files: [File]
    let hash: String

    /// Reads a file, or every regular, visible, finished file of a directory (not recursive).
    static func read(_ path: String) throws(DocumentError) -> SpoolSnapshot {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DocumentError(description: "no such file or directory")
        }
        var paths = [path]
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw DocumentError(description: "cannot list the directory: \(error.localizedDescription)")
            }
            paths = names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".tmp") && !$0.hasSuffix(".part") }
                .sorted().map { (path as NSString).appendingPathComponent($0) }
                .filter {
                    (try? FileManager.default.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeRegular
                }
        }
        var files: [File] = []
        var digestInput: [UInt8] = []
        for file in paths {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw DocumentError(description: "\(file): cannot read (permission denied?)")
            }
            let bytes = [UInt8](data)
            files.append(File(path: file, bytes: bytes))
            digestInput += Array(file.utf8) + [0] + Array(SourcePoller.sha256(bytes).utf8)
        }
        return SpoolSnapshot(files: files, hash: SourcePoller.sha256(digestInput))
    }
}
