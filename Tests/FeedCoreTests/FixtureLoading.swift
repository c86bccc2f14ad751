import Foundation
import Testing

/// The bytes of `Tests/FeedCoreTests/Fixtures/<subdirectory>/<name>.<ext>`, copied into the test bundle.
func fixtureBytes(_ name: String, _ ext: String, subdirectory: String = "Fixtures/formats") throws -> [UInt8] {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: ext, subdirectory: subdirectory),
        "fixture \(subdirectory)/\(name).\(ext) is not in the test bundle"
    )
    return Array(try Data(contentsOf: url))
}
