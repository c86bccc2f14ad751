import Foundation
import Testing

/// The bytes of `Tests/FeedWatchTests/Fixtures/<path>`.
func fixture(_ path: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/\(path)"))
    return [UInt8](try Data(contentsOf: url))
}
