#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe writes and bounded, permission-checked reads for keys, state and configuration.
///
/// `writeAtomically` never leaves a half-written file: it writes a temporary file in the same
/// directory, fsyncs it, renames it over the target and fsyncs the directory, so after a crash or
/// power loss the path holds either the old or the new contents (the rename(2) atomicity that
/// POSIX.1-2017 guarantees, plus the directory sync that makes it durable on Linux filesystems).
public enum SecureFile {
    /// Writes `data` to `path` atomically with permission bits `mode` (default 0600, for keys).
    public static func writeAtomically(path: String, data: [UInt8], mode: Int = 0o600) throws(ServiceError) {
        // Not withUnsafeBytes with a typed-throws closure (Swift 6.3 compiler crash): use a Result.
        let result: Result<Void, ServiceError> = data.withUnsafeBytes { buffer in
            do throws(ServiceError) {
                try writeAtomically(path: path, bytes: buffer, mode: mode)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Writes raw bytes atomically; lets callers write `SecretBytes` without copying them out.
    public static func writeAtomically(path: String, bytes: UnsafeRawBufferPointer, mode: Int = 0o600)
        throws(ServiceError)
    {
        guard (0...0o777).contains(mode) else {
            throw ServiceError(.invalidArgument, "file mode \(POSIX.octal(mode)) is not a permission mode (0000-0777)")
        }
        let directory = POSIX.directory(of: path)
        let temporary =
            "\(directory)/.\(POSIX.fileName(of: path)).tmp-\(POSIX.processID)-\(UInt32.random(in: 0...UInt32.max))"
        let fd = POSIX.openFile(
            temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: mode_t(mode))
        guard fd >= 0 else {
            throw fileError(POSIX.errorNumber, path: path, action: "cannot create a temporary file next to")
        }
        var succeeded = false
        defer {
            if !succeeded { _ = unlink(temporary) }
        }
        // The umask may have removed bits from `mode`; set exactly what was asked.
        guard fchmod(fd, mode_t(mode)) == 0, POSIX.writeAll(fd, bytes), POSIX.sync(fd) else {
            let code = POSIX.errorNumber
            POSIX.closeFile(fd)
            throw fileError(code, path: path, action: "cannot write")
        }
        POSIX.closeFile(fd)
        guard rename(temporary, path) == 0 else {
            throw fileError(POSIX.errorNumber, path: path, action: "cannot replace")
        }
        succeeded = true
        // Make the rename itself durable. Some filesystems refuse fsync on directories (EINVAL);
        // the data is already safe in the file then, so that is not an error.
        let directoryFD = POSIX.openFile(directory, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            let synced = POSIX.sync(directoryFD)
            let code = POSIX.errorNumber
            POSIX.closeFile(directoryFD)
            if !synced, code != EINVAL {
                throw fileError(code, path: path, action: "cannot sync the directory of")
            }
        }
    }

    /// Reads at most `maxBytes` from the regular file at `path`.
    ///
    /// With `requirePrivate` (for keys and other secrets) the file must not be accessible to group
    /// or others and must belong to this user or root, the checks OpenSSH applies to private keys.
    public static func read(path: String, maxBytes: Int, requirePrivate: Bool = false) throws(ServiceError) -> [UInt8] {
        guard maxBytes >= 0 else { throw ServiceError(.invalidArgument, "maxBytes must not be negative") }
        let fd = POSIX.openFile(path, flags: O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw fileError(POSIX.errorNumber, path: path, action: "cannot open") }
        defer { POSIX.closeFile(fd) }
        guard let info = POSIX.fileStatus(fd) else {
            throw fileError(POSIX.errorNumber, path: path, action: "cannot inspect")
        }
        guard POSIX.isRegularFile(info) else {
            throw ServiceError(.notARegularFile, "\(path) is not a regular file")
        }
        if requirePrivate {
            let mode = POSIX.permissionBits(info)
            if mode & 0o077 != 0 {
                throw ServiceError(
                    .permissionsTooOpen,
                    "\(path) holds a secret but is accessible to group or others (mode \(POSIX.octal(mode))); "
                        + "run `chmod 600 \(path)`")
            }
            if info.st_uid != POSIX.effectiveUser, info.st_uid != 0 {
                throw ServiceError(
                    .permissionsTooOpen,
                    "\(path) holds a secret but belongs to uid \(info.st_uid), not to this daemon's uid "
                        + "\(POSIX.effectiveUser)")
            }
        }
        if Int(info.st_size) > maxBytes {
            throw ServiceError(.tooLarge, "\(path) is \(info.st_size) bytes, more than the limit of \(maxBytes)")
        }
        // The file may grow between fstat and read: read one byte past the limit to notice.
        var bytes = [UInt8](repeating: 0, count: maxBytes + 1)
        var total = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while total < buffer.count {
                let count = POSIX.readSome(fd, base + total, buffer.count - total)
                if count < 0 {
                    failure = POSIX.errorNumber
                    return
                }
                if count == 0 { return }
                total += count
            }
        }
        if failure != 0 { throw fileError(failure, path: path, action: "cannot read") }
        guard total <= maxBytes else {
            throw ServiceError(.tooLarge, "\(path) is larger than the limit of \(maxBytes) bytes")
        }
        let contents = Array(bytes[..<total])
        // Best effort: do not leave a second copy of a secret in the scratch buffer.
        for index in bytes.indices { bytes[index] = 0 }
        return contents
    }

    static func fileError(_ code: Int32, path: String, action: String) -> ServiceError {
        let reason = POSIX.describe(code)
        switch code {
        case ENOENT: return ServiceError(.notFound, "\(action) \(path): \(reason)")
        case EACCES, EPERM: return ServiceError(.permissionDenied, "\(action) \(path): \(reason)")
        case EISDIR: return ServiceError(.notARegularFile, "\(action) \(path): \(reason)")
        default: return ServiceError(.ioFailure, "\(action) \(path): \(reason)")
        }
    }
}
