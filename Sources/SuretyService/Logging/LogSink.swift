import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `StructuredLogHandler` sends finished lines (each ends with "\n").
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ writeLine: @escaping @Sendable (String) -> Void) {
        self.writeLine = writeLine
    }

    public func write(_ line: String) {
        writeLine(line)
    }

    /// Standard error, one write(2) per line under a lock so lines from different threads never
    /// interleave. systemd's journal and the testnet launcher both collect stderr.
    public static let standardError = LogSink { line in
        stderrLock.withLock {
            var line = line
            line.withUTF8 { bytes in
                _ = POSIX.writeAll(2, UnsafeRawBufferPointer(bytes))
            }
        }
    }

    private static let stderrLock = NIOLock()
}
