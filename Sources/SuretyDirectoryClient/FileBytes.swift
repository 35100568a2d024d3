#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small bounded file reads and atomic writes for caches (no Foundation in this module).
enum FileBytes {
    static func read(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { return out }
            out += chunk[0..<n]
            if out.count > limit { return nil }
        }
    }

    /// Writes via a temporary file and rename, mode 0644 (public documents).
    @discardableResult
    static func write(_ path: String, _ bytes: [UInt8]) -> Bool {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                close(fd)
                unlink(temporary)
                return false
            }
            offset += n
        }
        fsync(fd)
        close(fd)
        return rename(temporary, path) == 0
    }
}
