import ArgumentParser

/// The `feedwatch` command: one binary for the daemon and for each layer on its own.
@main
struct Feedwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds: fetch, parse, deduplicate and store every item.",
        discussion: """
            Commands that work on one layer, for debugging and scripting:
              parse    read a feed file and print it normalised, as JSON
            """,
        subcommands: [ParseCommand.self, ItemsCommand.self, SearchCommand.self, ShowCommand.self, ExportCommand.self]
    )
}
