import Foundation
import SuretyService
import Testing

private func mode(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
}

private func write(_ text: String, to path: String, mode: Int) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
}

@Suite("SecureFile")
struct SecureFileTests {
    @Test("writeAtomically creates files with mode 0600 by default")
    func createsPrivateFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/identity.key"
        try SecureFile.writeAtomically(path: path, data: [1, 2, 3])
        #expect(try mode(of: path) == 0o600)
        #expect(try SecureFile.read(path: path, maxBytes: 16, requirePrivate: true) == [1, 2, 3])

        // The mode is set exactly, not filtered through the umask (usually 022, which would
        // otherwise turn 0660 into 0640).
        let shared = directory.path + "/shared.state"
        try SecureFile.writeAtomically(path: shared, data: [4], mode: 0o660)
        #expect(try mode(of: shared) == 0o660)
    }

    @Test("writeAtomically replaces the old contents whole and leaves no temporary file")
    func replacesAtomically() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/state.json"
        try SecureFile.writeAtomically(path: path, data: Array(repeating: 0xAA, count: 100_000), mode: 0o644)
        try SecureFile.writeAtomically(path: path, data: Array("new".utf8), mode: 0o644)
        #expect(try SecureFile.read(path: path, maxBytes: 1_000_000) == Array("new".utf8))
        #expect(try mode(of: path) == 0o644)
        #expect(try directory.entries() == ["state.json"])
    }

    @Test("a failed write leaves no temporary file behind")
    func failedWriteKeepsOldFile() throws {
        let directory = try TemporaryDirectory()
        let target = directory.path + "/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        // rename(2) of a file over a directory fails after the temporary file was written.
        #expect(throws: ServiceError.self) { try SecureFile.writeAtomically(path: target, data: [1]) }
        #expect(try directory.entries() == ["target"])

        let missingDirectory = directory.path + "/absent/file"
        let error = #expect(throws: ServiceError.self) {
            try SecureFile.writeAtomically(path: missingDirectory, data: [1])
        }
        #expect(error?.code == .notFound)
    }

    @Test("read is bounded and reports missing files, directories and oversized files clearly")
    func boundedRead() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/blob"
        try write(String(repeating: "x", count: 100), to: path, mode: 0o600)
        #expect(try SecureFile.read(path: path, maxBytes: 100).count == 100)

        let tooLarge = #expect(throws: ServiceError.self) { try SecureFile.read(path: path, maxBytes: 99) }
        #expect(tooLarge?.code == .tooLarge)
        #expect(tooLarge?.message.contains(path) == true)

        let missing = #expect(throws: ServiceError.self) { try SecureFile.read(path: path + ".absent", maxBytes: 10) }
        #expect(missing?.code == .notFound)
        #expect(missing?.message == "cannot open \(path).absent: no such file or directory")

        let notAFile = #expect(throws: ServiceError.self) { try SecureFile.read(path: directory.path, maxBytes: 10) }
        #expect(notAFile?.code == .notARegularFile)
    }

    @Test("a secret file readable by group or others is refused")
    func permissionsTooOpen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/identity.key"
        try write("secret", to: path, mode: 0o644)
        let error = #expect(throws: ServiceError.self) {
            try SecureFile.read(path: path, maxBytes: 64, requirePrivate: true)
        }
        #expect(error?.code == .permissionsTooOpen)
        #expect(error?.message.contains("mode 0644") == true)
        #expect(error?.message.contains("chmod 600 \(path)") == true)
        // The same file is fine when it holds nothing secret.
        #expect(try SecureFile.read(path: path, maxBytes: 64) == Array("secret".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        #expect(try SecureFile.read(path: path, maxBytes: 64, requirePrivate: true) == Array("secret".utf8))
    }

    @Test("invalid modes are refused")
    func invalidMode() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: ServiceError.self) {
            try SecureFile.writeAtomically(path: directory.path + "/x", data: [], mode: 0o4777)
        }
        #expect(error?.code == .invalidArgument)
    }
}

@Suite("DataDirectory")
struct DataDirectoryTests {
    @Test("creates the directory and its parents, the directory itself with mode 0700")
    func createsPrivateDirectory() throws {
        let base = try TemporaryDirectory()
        let path = base.path + "/var/lib/surety-relay"
        let directory = try DataDirectory(path: path)
        #expect(try mode(of: path) == 0o700)
        #expect(directory.file("keys") == path + "/keys")
        #expect(FileManager.default.fileExists(atPath: path + "/lock"))
    }

    @Test("an existing directory open to others is tightened to 0700")
    func tightensPermissions() throws {
        let base = try TemporaryDirectory()
        let path = base.path + "/data"
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        _ = try DataDirectory(path: path)
        #expect(try mode(of: path) == 0o700)
    }

    @Test("a second daemon on the same directory gets a clear error naming the holder")
    func lockConflict() throws {
        let base = try TemporaryDirectory()
        let path = base.path + "/data"
        let first = try DataDirectory(path: path)
        let error = #expect(throws: ServiceError.self) { try DataDirectory(path: path) }
        #expect(error?.code == .locked)
        #expect(
            error?.message.contains("data directory \(path) is in use by another process (pid \(getpid()))") == true)

        first.unlock()
        let second = try DataDirectory(path: path)
        #expect(second.path == path)
    }

    @Test("releasing the object releases the lock")
    func deinitUnlocks() throws {
        let base = try TemporaryDirectory()
        let path = base.path + "/data"
        do {
            let held = try DataDirectory(path: path)
            withExtendedLifetime(held) {}
        }
        _ = try DataDirectory(path: path)
    }

    @Test("a file where the directory should be is an error")
    func notADirectory() throws {
        let base = try TemporaryDirectory()
        let path = base.path + "/file"
        try write("x", to: path, mode: 0o600)
        let error = #expect(throws: ServiceError.self) { try DataDirectory(path: path) }
        #expect(error?.code == .notARegularFile)
    }
}
