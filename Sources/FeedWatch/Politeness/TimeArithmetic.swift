import Foundation

extension Duration {
    /// The duration in seconds as a `Double`: the planner does its arithmetic on `Date`, which counts in `Double`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension Date {
    /// This date moved by `seconds`, rounded to the millisecond so planned times are exact and compare equal in
    /// tests and logs, without the binary noise of `900 × 1.05`.
    func adding(seconds: TimeInterval) -> Date {
        addingTimeInterval((seconds * 1000).rounded() / 1000)
    }
}
