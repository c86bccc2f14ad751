import Foundation

/// File paths in a config file: relative ones are relative to the file's own directory, not to wherever the daemon
/// happens to start, so `store = "feedwatch.sqlite"` means the same under systemd and by hand.
enum ConfigPath {
    /// `path` made absolute against `directory` (itself made absolute against the working directory), with `.` and
    /// `..` removed by their spelling alone: symbolic links are left for the system to follow.
    static func resolve(_ path: String, against directory: String) -> String {
        if path.hasPrefix("/") { return normalise(path) }
        let base = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        return normalise(base + "/" + path)
    }

    /// `path` made absolute against the working directory.
    static func absolute(_ path: String) -> String {
        resolve(path, against: FileManager.default.currentDirectoryPath)
    }

    /// The directory `path` is in.
    static func directory(of path: String) -> String {
        let absolute = absolute(path)
        guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
        return String(absolute[..<slash])
    }

    /// The last component of `path`: the file or directory it names.
    static func lastComponent(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private static func normalise(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
