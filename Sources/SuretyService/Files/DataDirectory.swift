import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A daemon's private data directory (keys, state database), created with mode 0700 and locked
/// with flock(2) for as long as this object lives, so two daemons can never share one directory
/// and corrupt each other's state (DESIGN.md "Operations": no lost state).
///
/// The lock is released when `unlock()` is called, when the object is deinitialised, or when the
/// process exits for any reason (the kernel drops flock locks with the last descriptor).
public final class DataDirectory: Sendable {
    /// The lock file's name inside the directory; it contains the holder's process id.
    public static let lockFileName = "lock"

    /// The directory path as given.
    public let path: String
    private let lockDescriptor: NIOLockedValueBox<Int32?>

    /// Creates `path` (and missing parents) if needed, restricts it to mode 0700 and takes the lock.
    ///
    /// Throws `.locked` naming the holder's pid if another process holds the directory.
    public init(path: String) throws(ServiceError) {
        guard !path.isEmpty else { throw ServiceError(.invalidArgument, "the data directory path is empty") }
        self.path = path
        try Self.createDirectory(path)
        let lockPath = Self.join(path, Self.lockFileName)
        let fd = POSIX.openFile(lockPath, flags: O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode: 0o600)
        guard fd >= 0 else {
            throw SecureFile.fileError(POSIX.errorNumber, path: lockPath, action: "cannot open the lock file")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = POSIX.errorNumber
            let holder = Self.readHolder(fd)
            POSIX.closeFile(fd)
            if code == EWOULDBLOCK {
                let who = holder.map { "another process (pid \($0))" } ?? "another process"
                throw ServiceError(
                    .locked,
                    "data directory \(path) is in use by \(who); two daemons cannot share one data "
                        + "directory: stop the other one or choose another data directory")
            }
            throw SecureFile.fileError(code, path: lockPath, action: "cannot lock")
        }
        // Record who holds the lock so the next daemon's error can name it.
        let pid = Array("\(POSIX.processID)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        lockDescriptor = NIOLockedValueBox(fd)
    }

    deinit {
        unlock()
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String {
        Self.join(path, name)
    }

    /// Releases the lock now (it is also released on deinit and on process exit).
    public func unlock() {
        let fd = lockDescriptor.withLockedValue { fd -> Int32? in
            defer { fd = nil }
            return fd
        }
        if let fd {
            _ = flock(fd, LOCK_UN)
            POSIX.closeFile(fd)
        }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func createDirectory(_ path: String) throws(ServiceError) {
        // Parents get 0755 (they may be shared, like /var/lib); the directory itself 0700.
        var prefix = path.hasPrefix("/") ? "/" : ""
        let parts = path.split(separator: "/").map(String.init)
        for (index, part) in parts.enumerated() {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            let isLast = index == parts.count - 1
            if mkdir(prefix, isLast ? 0o700 : 0o755) != 0 {
                let code = POSIX.errorNumber
                guard code == EEXIST else {
                    throw SecureFile.fileError(code, path: prefix, action: "cannot create directory")
                }
            }
        }
        guard let info = POSIX.pathStatus(path) else {
            throw SecureFile.fileError(POSIX.errorNumber, path: path, action: "cannot inspect")
        }
        guard POSIX.isDirectory(info) else {
            throw ServiceError(.notARegularFile, "data directory \(path) exists but is not a directory")
        }
        let mode = POSIX.permissionBits(info)
        if mode & 0o077 != 0 {
            // systemd's StateDirectory= and a plain mkdir create 0755; tighten rather than refuse,
            // but refuse if we cannot (someone else owns it).
            guard chmod(path, 0o700) == 0 else {
                throw ServiceError(
                    .permissionsTooOpen,
                    "data directory \(path) is accessible to group or others (mode \(POSIX.octal(mode))) and "
                        + "cannot be restricted: \(POSIX.describe(POSIX.errorNumber)); run `chmod 700 \(path)`")
            }
        }
    }

    private static func readHolder(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return -1 }
            return pread(fd, base, raw.count, 0)
        }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return Int(text.split(whereSeparator: \.isNewline).first ?? "")
    }
}
