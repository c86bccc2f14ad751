import ArgumentParser
import FeedWatch
import Foundation

/// `feedwatch check`: validates the config file without running anything, and shows what it amounts to.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config file and print it with every default filled in.",
        discussion: """
            Reads the config file as the daemon does (${NAME} in header values and
            user_agent taken from the environment) and prints the effective config
            as TOML on stdout: every key, defaults filled in, durations and sizes in
            human units. A header value taken from the environment is shown as
            written ("Bearer ${TOKEN}"), never as the secret. Nothing is fetched and
            the store is not opened.

            Exit status: 0 when the config is valid ("config OK: N sources" on
            stderr); 78 (EX_CONFIG) when it is not, with one line on stderr naming
            the file, the line, the key and what was expected.
            """
    )

    @OptionGroup var location: ConfigLocation

    func run() throws {
        let config = try location.load()
        FileHandle.standardOutput.write(Data(config.effectiveTOML().utf8))
        let count = config.sources.count
        CommandIO.printError("config OK: \(count) \(count == 1 ? "source" : "sources") in \(config.file)")
    }
}
