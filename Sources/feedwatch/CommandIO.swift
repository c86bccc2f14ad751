import ArgumentParser
import Foundation

/// Why an input file could not be read, in the words of `ls` rather than Foundation's.
struct ReadError: Error {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

/// What every command shares with the terminal: reading a named file or standard input, and one-line
/// diagnostics on stderr.
enum CommandIO {
    /// The bytes of `file`, or of standard input for `-`.
    static func read(_ file: String) throws -> [UInt8] {
        if file == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw ReadError("no such file")
        }
        guard !isDirectory.boolValue else { throw ReadError("it is a directory") }
        guard FileManager.default.isReadableFile(atPath: file) else { throw ReadError("permission denied") }
        // Read straight into the array: going through Data would hold the file twice at the peak.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// The bytes of `file` (or stdin for `-`); when it cannot be read, one line on stderr and exit status 66
    /// (EX_NOINPUT).
    static func readOrExit(_ file: String) throws -> [UInt8] {
        do {
            return try read(file)
        } catch {
            printError("\(file): cannot read: \(readFailure(error))")
            throw ExitCode(66)
        }
    }

    /// Why `error` (from ``read(_:)``) happened, for a "cannot read" line.
    static func readFailure(_ error: any Error) -> String {
        (error as? ReadError)?.reason ?? error.localizedDescription
    }

    /// One line on stderr, prefixed `feedwatch: ` so it stands out in a pipeline.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data(("feedwatch: " + line + "\n").utf8))
    }
}
