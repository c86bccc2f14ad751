import ArgumentParser
import FeedCore
import FeedWatch
import Foundation

/// `feedwatch import-opml`: a feed reader's subscription export in, `[[source]]` tables to paste out.
struct ImportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-opml",
        abstract: "Turn an OPML subscription list into [[source]] tables for feedwatch.toml.",
        discussion: """
            Reads an OPML export (Feedly, Inoreader, NetNewsWire, Thunderbird, …) and prints one [[source]] \
            table per feed on stdout, ready to append to feedwatch.toml:
              name  a slug of the title (or of the URL's host and path); -2, -3 … if taken
              url   the feed's xmlUrl
              tags  the folders the feed is in, as lower-case slugs
            with the original title and site in a comment above the table.

            Outlines without an xmlUrl are folders. A feed listed more than once (in two folders, say) is \
            printed once with the tags of every listing; each further listing becomes a \
            "# duplicate of NAME: TITLE" comment. A feed whose xmlUrl is not http or https is skipped with a \
            warning on stderr. An ill-formed file is read as far as possible, with a warning naming the line.

              feedwatch import-opml subscriptions.opml >> /etc/feedwatch/feedwatch.toml

            Exit status: 0 ok (even with no feeds); 65 not an OPML file, or refused as hostile; 66 the file \
            cannot be read.
            """
    )

    @Argument(help: "The OPML file, or - for standard input.")
    var file: String

    func run() throws {
        let bytes = try CommandIO.readOrExit(file)
        let document: OPMLDocument
        do {
            document = try OPMLReader().read(bytes)
        } catch {
            CommandIO.printError("\(file): \(error)")
            throw ExitCode(65)
        }
        for warning in document.warnings { CommandIO.printError("\(file): warning: \(warning)") }
        let plan = SourceTablePlan(document.subscriptions)
        for skipped in plan.skipped {
            CommandIO.printError(
                "\(file): line \(skipped.line): skipped \(skipped.title.map { "\"\($0)\"" } ?? "a feed"): "
                    + "xmlUrl '\(skipped.xmlURL)' is not an http or https URL"
            )
        }
        let origin = document.title.map { " (\(SourceTablePlan.commentText($0)))" } ?? ""
        var output = StandardOutput()
        let from = SourceTablePlan.commentText(file)
        output.line("# \(plan.tables.count) source(s) from \(from)\(origin), by feedwatch import-opml")
        for entry in plan.entries {
            output.line("")
            switch entry {
            case .table(let index):
                for line in plan.tables[index].lines { output.line(line) }
            case .duplicate(let name, let title):
                output.line("# duplicate of \(name): \(SourceTablePlan.commentText(title))")
            }
        }
        output.flush()
        CommandIO.printError(
            "\(file): \(plan.tables.count) source(s), \(plan.duplicateCount) duplicate(s) merged, "
                + "\(plan.skipped.count) skipped"
        )
    }
}

/// The `[[source]]` tables an OPML list becomes: unique names, merged duplicates, what was skipped and why.
struct SourceTablePlan {
    /// One `[[source]]` table.
    struct Table {
        var name: String
        var url: String
        var title: String?
        var site: String?
        var tags: [String]

        /// The comment, the table header and its keys, as TOML.
        var lines: [String] {
            var lines: [String] = []
            let comment = [title, site].compactMap { $0 }.map(SourceTablePlan.commentText).joined(separator: " — ")
            if !comment.isEmpty { lines.append("# " + comment) }
            lines.append("[[source]]")
            lines.append("name = " + TOMLText.string(name))
            lines.append("url = " + TOMLText.string(url))
            if !tags.isEmpty {
                lines.append("tags = [" + tags.map(TOMLText.string).joined(separator: ", ") + "]")
            }
            return lines
        }
    }

    /// What to print, in the file's order.
    enum Entry {
        case table(Int)
        case duplicate(name: String, title: String)
    }

    private(set) var tables: [Table] = []
    private(set) var entries: [Entry] = []
    private(set) var skipped: [OPMLSubscription] = []
    var duplicateCount: Int { entries.count - tables.count }

    /// Names longer than this are cut at a word boundary: they are typed in `feedwatch test NAME`.
    static let maxNameLength = 48

    init(_ subscriptions: [OPMLSubscription]) {
        var names: Set<String> = []
        var tableByURL: [String: Int] = [:]
        for subscription in subscriptions {
            guard let url = URL(string: subscription.xmlURL), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host?.isEmpty == false
            else {
                skipped.append(subscription)
                continue
            }
            let tags = Self.unique(subscription.folders.map(Self.slug).filter { !$0.isEmpty })
            let key = Self.duplicateKey(url)
            if let index = tableByURL[key] {
                tables[index].tags = Self.unique(tables[index].tags + tags)
                let folders =
                    subscription.folders.isEmpty ? "" : " (in \(subscription.folders.joined(separator: " / ")))"
                entries.append(
                    .duplicate(name: tables[index].name, title: (subscription.title ?? subscription.xmlURL) + folders)
                )
                continue
            }
            var name = Self.slug(subscription.title ?? "")
            if name.isEmpty { name = Self.slug(Self.hostAndPath(url)) }
            if name.isEmpty { name = "source" }
            var unique = name
            var suffix = 2
            while names.contains(unique) {
                unique = "\(name)-\(suffix)"
                suffix += 1
            }
            names.insert(unique)
            tableByURL[key] = tables.count
            entries.append(.table(tables.count))
            tables.append(
                Table(
                    name: unique,
                    url: subscription.xmlURL,
                    title: subscription.title,
                    site: subscription.htmlURL,
                    tags: tags
                )
            )
        }
    }

    /// Two listings are the same feed when their URLs differ only in the case of the scheme and host.
    static func duplicateKey(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString
        }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        return components.string ?? url.absoluteString
    }

    /// `www.example.org/blog/feed.xml` for a URL: the host without `www.`, the path without its extension.
    static func hostAndPath(_ url: URL) -> String {
        var host = url.host ?? ""
        if host.lowercased().hasPrefix("www.") { host.removeFirst(4) }
        var path = url.path
        if let dot = path.lastIndex(of: "."), !path[dot...].contains("/") { path = String(path[..<dot]) }
        return host + path
    }

    /// Lower-case ASCII letters and digits joined by single dashes: accents are dropped (é → e), apostrophes
    /// vanish (Nature's → natures), everything else separates words; cut to ``maxNameLength`` at a dash.
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9":
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            case "'", "\u{2019}":
                continue
            default:
                pendingDash = true
            }
        }
        if slug.count > maxNameLength {
            let cut = slug.prefix(maxNameLength + 1)
            slug = String(cut.lastIndex(of: "-").map { cut[..<$0] } ?? cut.prefix(maxNameLength))
        }
        return slug
    }

    /// Text safe inside a `#` comment: TOML allows no control characters there, so they become spaces.
    static func commentText(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar
                }
            )
        )
    }

    private static func unique(_ tags: [String]) -> [String] {
        var seen: Set<String> = []
        return tags.filter { seen.insert($0).inserted }
    }
}
