public import Logging
public import SuretyCrypto
public import SuretyDocuments
import SuretyWire

/// Signs and uploads a relay's descriptor to every authority, on start and periodically (issue 5
/// §4). The relay daemon builds one from its configuration and keys, calls `publishOnce()` after
/// its link listener is up, then runs `run()` in its service group.
public final class DescriptorPublisher: Sendable {
    /// Everything in the descriptor but the signature and the publication time.
    public struct Template: Sendable {
        public var nickname: String
        public var linkKey: X25519.PublicKey
        public var onionKey: X25519.PublicKey
        public var addresses: [RelayAddress]
        public var exitPolicy: ExitPolicy
        public var declaredBandwidth: UInt64
        public var operatorID: [UInt8]
        public var family: String
        public var egressAddresses: [[UInt8]]
        public var wantsExit: Bool
        public var platform: String

        public init(
            nickname: String, linkKey: X25519.PublicKey, onionKey: X25519.PublicKey, addresses: [RelayAddress],
            exitPolicy: ExitPolicy = .rejectAll, declaredBandwidth: UInt64, operatorID: [UInt8], family: String = "",
            egressAddresses: [[UInt8]] = [], wantsExit: Bool = false, platform: String = "surety"
        ) {
            self.nickname = nickname
            self.linkKey = linkKey
            self.onionKey = onionKey
            self.addresses = addresses
            self.exitPolicy = exitPolicy
            self.declaredBandwidth = declaredBandwidth
            self.operatorID = operatorID
            self.family = family
            self.egressAddresses = egressAddresses
            self.wantsExit = wantsExit
            self.platform = platform
        }
    }

    public let identityKey: Ed25519.SigningKey
    public let template: Template
    public let authorities: [String]
    let http: DirectoryHTTPClient
    let logger: Logger
    let clock: @Sendable () -> UInt64

    public init(
        identityKey: Ed25519.SigningKey, template: Template, authorities: [String], http: DirectoryHTTPClient = .init(),
        logger: Logger, clock: @escaping @Sendable () -> UInt64 = ConsensusClient.systemClock
    ) {
        self.identityKey = identityKey
        self.template = template
        self.authorities = authorities
        self.http = http
        self.logger = logger
        self.clock = clock
    }

    /// A freshly signed descriptor envelope (published = now).
    public func signedDescriptor() throws -> [UInt8] {
        let descriptor = try RelayDescriptor(
            identity: identityKey.publicKey, linkKey: template.linkKey, onionKey: template.onionKey,
            nickname: template.nickname, addresses: template.addresses, published: clock(),
            exitPolicy: template.exitPolicy, declaredBandwidth: template.declaredBandwidth,
            operatorID: template.operatorID, family: template.family, egressAddresses: template.egressAddresses,
            wantsExit: template.wantsExit, platform: template.platform)
        return try DocumentSigning.sign(descriptor, with: [identityKey]).encoded()
    }

    /// Uploads a fresh descriptor to every authority; returns, per authority address, nil on success
    /// or the reason it refused or could not be reached. Never throws for network problems.
    @discardableResult
    public func publishOnce() async throws -> [String: String?] {
        let body = try signedDescriptor()
        var results: [String: String?] = [:]
        await withTaskGroup(of: (String, String?).self) { group in
            for address in authorities {
                group.addTask { [http] in
                    do {
                        let response = try await http.post(address, path: DirectoryPaths.descriptors, body: body)
                        return (
                            address, response.status == 200 ? nil : "HTTP \(response.status): \(response.errorText)"
                        )
                    } catch {
                        return (address, "\(error)")
                    }
                }
            }
            for await (address, failure) in group { results[address] = .some(failure) }
        }
        for (address, failure) in results {
            if let failure = failure {
                logger.warning(
                    "descriptor upload failed", metadata: ["authority": "\(address)", "reason": "\(failure)"])
            }
        }
        return results
    }

    /// Re-uploads every `interval` seconds until cancelled (default: every 30 minutes, well inside
    /// the descriptor lifetime).
    public func run(interval: UInt64 = 1800) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(Int64(interval)))
            if Task.isCancelled { return }
            _ = try? await publishOnce()
        }
    }
}
