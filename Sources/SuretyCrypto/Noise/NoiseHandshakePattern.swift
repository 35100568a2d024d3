/// A Noise handshake pattern (Noise §7): optional pre-messages and a sequence of message patterns,
/// each a list of tokens. Messages alternate, the initiator sending the first.
///
/// The presets are the interactive patterns of Noise §7.4 that Surety may use; `XK` carries links
/// and `NK` hop handshakes. Custom patterns are checked for the validity rules of Noise §7.3 that
/// matter to a correct state machine (every key exists before it is used, none is sent twice).
/// PSK modifiers and `e` in pre-messages are not supported.
public struct NoiseHandshakePattern: Sendable, Hashable, CustomStringConvertible {
    /// A message-pattern token (Noise §7.1).
    public enum Token: String, Sendable, Hashable, CaseIterable {
        case e, s, ee, es, se, ss
    }

    /// The pattern's name as it appears in the protocol name, e.g. `XK`.
    public let name: String
    /// Keys the responder knows about the initiator before the handshake (`[]` or `[.s]`).
    public let initiatorPreMessage: [Token]
    /// Keys the initiator knows about the responder before the handshake (`[]` or `[.s]`).
    public let responderPreMessage: [Token]
    /// Message patterns; index 0, 2, … are sent by the initiator.
    public let messages: [[Token]]

    /// A checked pattern.
    ///
    /// - Throws: `.invalidParameter` if the name is not alphanumeric, there are no messages, a
    ///   pre-message holds anything but `s`, a key is sent twice, or a DH token names a key that has
    ///   not been sent (Noise §7.3).
    public init(
        name: String,
        initiatorPreMessage: [Token] = [],
        responderPreMessage: [Token] = [],
        messages: [[Token]]
    ) throws {
        let isAlphanumeric: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(isAlphanumeric) else {
            throw CryptoError(.invalidParameter, "Noise pattern name must be ASCII letters and digits")
        }
        guard !messages.isEmpty else {
            throw CryptoError(.invalidParameter, "Noise pattern \(name) has no messages")
        }
        for preMessage in [initiatorPreMessage, responderPreMessage] where !(preMessage.isEmpty || preMessage == [.s]) {
            throw CryptoError(.invalidParameter, "Noise pattern \(name): pre-messages may only contain s")
        }
        var sent = [
            (e: false, s: initiatorPreMessage.contains(.s)),
            (e: false, s: responderPreMessage.contains(.s)),
        ]
        for (index, message) in messages.enumerated() {
            let sender = index % 2
            for token in message {
                switch token {
                case .e:
                    guard !sent[sender].e else { throw Self.invalid(name, "e is sent twice") }
                    sent[sender].e = true
                case .s:
                    guard !sent[sender].s else { throw Self.invalid(name, "s is sent twice") }
                    sent[sender].s = true
                case .ee:
                    guard sent[0].e, sent[1].e else { throw Self.invalid(name, "ee before both ephemerals") }
                case .es:
                    guard sent[0].e, sent[1].s else { throw Self.invalid(name, "es before its keys") }
                case .se:
                    guard sent[0].s, sent[1].e else { throw Self.invalid(name, "se before its keys") }
                case .ss:
                    guard sent[0].s, sent[1].s else { throw Self.invalid(name, "ss before both statics") }
                }
            }
        }
        self.name = name
        self.initiatorPreMessage = initiatorPreMessage
        self.responderPreMessage = responderPreMessage
        self.messages = messages
    }

    private static func invalid(_ name: String, _ reason: String) -> CryptoError {
        CryptoError(.invalidParameter, "Noise pattern \(name): \(reason)")
    }

    /// Whether the initiator needs its own static key for this pattern.
    public var initiatorNeedsStaticKey: Bool {
        initiatorPreMessage.contains(.s)
            || messages.enumerated().contains { $0.offset % 2 == 0 && $0.element.contains(.s) }
    }

    /// Whether the responder needs its own static key for this pattern.
    public var responderNeedsStaticKey: Bool {
        responderPreMessage.contains(.s)
            || messages.enumerated().contains { $0.offset % 2 == 1 && $0.element.contains(.s) }
    }

    public var description: String {
        var lines: [String] = []
        if !initiatorPreMessage.isEmpty {
            lines.append("-> " + initiatorPreMessage.map(\.rawValue).joined(separator: ", "))
        }
        if !responderPreMessage.isEmpty {
            lines.append("<- " + responderPreMessage.map(\.rawValue).joined(separator: ", "))
        }
        if !lines.isEmpty { lines.append("...") }
        for (index, message) in messages.enumerated() {
            lines.append((index % 2 == 0 ? "-> " : "<- ") + message.map(\.rawValue).joined(separator: ", "))
        }
        return "\(name):\n  " + lines.joined(separator: "\n  ")
    }

    // Presets from Noise §7.4 (rev 34). `try!` is safe: the literals satisfy the checks above,
    // which a unit test confirms.

    /// `NN`: `-> e`, `<- e, ee`. No authentication.
    public static let NN = try! NoiseHandshakePattern(name: "NN", messages: [[.e], [.e, .ee]])

    /// `NK`: `<- s` ... `-> e, es`, `<- e, ee`. The responder is authenticated by a known static key.
    /// Surety's hop handshake (one round trip inside CREATE/EXTEND).
    public static let NK = try! NoiseHandshakePattern(
        name: "NK", responderPreMessage: [.s], messages: [[.e, .es], [.e, .ee]])

    /// `XK`: `<- s` ... `-> e, es`, `<- e, ee`, `-> s, se`. Mutual authentication; the initiator's
    /// static key is hidden until the third message. Surety's link handshake.
    public static let XK = try! NoiseHandshakePattern(
        name: "XK", responderPreMessage: [.s], messages: [[.e, .es], [.e, .ee], [.s, .se]])

    /// `XX`: `-> e`, `<- e, ee, s, es`, `-> s, se`. Mutual authentication, no prior knowledge.
    public static let XX = try! NoiseHandshakePattern(
        name: "XX", messages: [[.e], [.e, .ee, .s, .es], [.s, .se]])

    /// `IK`: `<- s` ... `-> e, es, s, ss`, `<- e, ee, se`. Mutual authentication in one round trip.
    public static let IK = try! NoiseHandshakePattern(
        name: "IK", responderPreMessage: [.s], messages: [[.e, .es, .s, .ss], [.e, .ee, .se]])
}
