import Foundation
import GRDB

/// Another connection, on a thread of its own, takes the store's write lock and holds it until the returned
/// function is called (which returns once the lock is free).
func holdStoreWriteLock(_ path: String) throws -> () -> Void {
    let holder = try DatabaseQueue(path: path)
    let locked = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let unlocked = DispatchSemaphore(value: 0)
    Thread {
        try? holder.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            locked.signal()
            release.wait()
            try db.execute(sql: "COMMIT")
        }
        unlocked.signal()
    }.start()
    locked.wait()
    return {
        release.signal()
        unlocked.wait()
    }
}
