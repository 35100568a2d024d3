import Foundation

/// CPU time and memory of processes and threads, read from Linux's /proc (proc(5)).
enum ProcessStats {
    /// Clock ticks per second of the utime/stime fields (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// User + system CPU seconds of a process (`/proc/PID/stat`) or a thread
    /// (`/proc/PID/task/TID/stat`); nil when the file is gone.
    static func cpuSeconds(statPath: String) -> Double? {
        guard let text = try? String(contentsOfFile: statPath, encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after "comm)": state is field 3, utime field 14, stime field 15 (proc(5)).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    static func cpuSeconds(pid: Int32) -> Double? { cpuSeconds(statPath: "/proc/\(pid)/stat") }

    /// Summed CPU seconds of several processes (nil if any is gone).
    static func cpuSeconds(pids: [Int32]) -> Double? {
        var total = 0.0
        for pid in pids {
            guard let seconds = cpuSeconds(pid: pid) else { return nil }
            total += seconds
        }
        return total
    }

    /// CPU seconds of this whole process, from getrusage (microsecond resolution).
    static func selfCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The calling thread's stat file, e.g. "/proc/123/task/125/stat" (run on the thread to name).
    static func currentThreadStatPath() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self") else {
            return nil
        }
        return "/proc/" + target + "/stat"
    }

    /// A field of `/proc/PID/status` in bytes (the kernel reports kB), e.g. "VmRSS" or "RssAnon".
    static func statusBytes(pid: Int32, field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kilobytes = Int(parts[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// The 1-minute load average (`/proc/loadavg`), to record how busy the shared machine was.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
