import ArgumentParser
import FeedStore
import Foundation

/// `feedwatch show ID`: one story with every revision and what changed between them.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one stored story: every revision, word diffs between them, copies and near-duplicates.",
        discussion: "Exit status: 0 ok; 1 no story with that id; 66 no store."
    )

    @OptionGroup var location: StoreLocation
    @Argument(help: "The story's id (from `feedwatch items` or `search`).") var id: Int64

    func run() throws {
        try reportingStoreErrors {
            guard let story = try location.open().story(id: id) else {
                CommandIO.printError("no story with id \(id) in \(try location.resolvedPath())")
                throw ExitCode.failure
            }
            var output = StandardOutput()
            let item = story.item
            output.line("story \(item.id) from \(item.source), first seen \(item.firstSeen.formatted(.iso8601))")
            output.line("identity  \(item.identity)")
            if let link = item.link { output.line("link      \(link)") }
            output.line("cluster   \(item.clusterID)")
            for (index, revision) in story.revisions.enumerated() {
                output.line("")
                output.line(
                    "revision \(revision.number), fetched \(revision.fetchedAt.formatted(.iso8601)), hash \(revision.contentHash.prefix(16))"
                )
                if index == 0 {
                    output.line("title     \(revision.title ?? "")")
                    if let published = revision.published { output.line("published \(published.formatted(.iso8601))") }
                    if !revision.authors.isEmpty {
                        output.line("authors   \(revision.authors.joined(separator: ", "))")
                    }
                    output.line("")
                    output.line(revision.text ?? "")
                } else {
                    output.line("changes   " + story.changes[index - 1].rendered)
                }
            }
            for sighting in story.sightings {
                output.line("")
                output.line(
                    "also seen in \(sighting.source) as \(sighting.identity) at \(sighting.seenAt.formatted(.iso8601))"
                )
            }
            for near in story.nearDuplicates {
                output.line("near-duplicate \(near.id) from \(near.source): \(near.title ?? near.identity)")
            }
            output.flush()
        }
    }
}
