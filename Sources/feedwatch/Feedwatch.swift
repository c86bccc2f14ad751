import ArgumentParser

/// The `feedwatch` command: one binary for the daemon and for each layer on its own.
@main
struct Feedwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds: fetch, parse, deduplicate and store every item.",
        discussion: """
            The daemon:
              run      poll every source forever (under systemd: Type=notify)
              once     poll every source once and exit
              test     poll one source, tracing every decision, writing nothing
              status   every source's health, last and next poll
              tail     follow newly stored stories, like tail -f
              import-opml  turn a reader's OPML export into [[source]] tables
            Commands that work on one layer, for debugging and scripting:
              fetch    fetch a URL as the daemon would and show what came back
              parse    read a feed file and print it normalised, as JSON
              extract  read an article page and print its text and metadata
            The store:
              items    list stored items (by source, time, tag)
              search   full-text search over titles and text
              show     one story with its revisions
              export   every story as JSON Lines
            The config:
              check    validate the config file and print it with every default filled in
            """,
        subcommands: [
            RunCommand.self, OnceCommand.self, CheckCommand.self, TestCommand.self, StatusCommand.self,
            TailCommand.self, ImportOPMLCommand.self, ItemsCommand.self, SearchCommand.self, ShowCommand.self,
            ExportCommand.self, FetchCommand.self, ParseCommand.self, ExtractCommand.self,
        ]
    )
}
