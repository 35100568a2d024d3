/// The page a relay serves on plain HTTP to anyone who looks up its address (issue 7 §3,
/// DESIGN.md "Operations": "exits serve a short notice page explaining what the address is").
///
/// The readers are people who saw traffic from this address — site administrators, abuse desks,
/// hosting providers — not Surety users. So the page says in plain words what the machine is,
/// that the operator does not originate the traffic and cannot see who did, how Surety differs
/// from an anonymous network (members are accountable through a quorum, not through the
/// operator), and where to send a report with the details needed to match it. Tor exits serve a
/// similar page (tor's `contrib/operator-tools/tor-exit-notice.html`, `DirPortFrontPage`).
///
/// Everything the operator configures is HTML-escaped: the contact is free text from a file that
/// may be edited by several people, and the page must never become an injection point.
public struct ExitNoticePage: Sendable, Equatable {
    /// The relay's nickname.
    public var nickname: String
    /// Hex of the relay's Ed25519 identity key (its fingerprint in the directory).
    public var identity: String
    /// Where abuse reports go (an e-mail address, a URL or a postal address; free text).
    public var contact: String
    /// Whether the relay opens exit streams (a middle relay's page says it sends no traffic out).
    public var isExit: Bool
    /// The exit policy in canonical text form, one rule per line (empty: rejects everything).
    public var exitPolicy: String

    public init(nickname: String, identity: String, contact: String, isExit: Bool, exitPolicy: String) {
        self.nickname = nickname
        self.identity = identity
        self.contact = contact
        self.isExit = isExit
        self.exitPolicy = exitPolicy
    }

    /// The complete HTML document (UTF-8, no external resources, no script).
    public var html: String {
        let nickname = Self.escape(nickname)
        let identity = Self.escape(identity)
        let contact = Self.escape(contact)
        let role =
            isExit
            ? """
            <p>This address belongs to an <strong>exit relay</strong> of Surety, an onion-routing network.
            Traffic you see from this address was sent by a Surety member somewhere else: it entered the
            network elsewhere, crossed two other relays encrypted in layers, and left here. The operator of
            this machine does not originate it and cannot see who sent it.</p>
            """
            : """
            <p>This address belongs to a <strong>relay</strong> of Surety, an onion-routing network. It
            forwards encrypted traffic between other relays and <strong>does not connect to other sites on
            the Internet</strong>: traffic towards you cannot come from this address.</p>
            """
        let policy =
            isExit
            ? """
            <h2>Exit policy</h2>
            <p>This relay only opens connections that its exit policy allows (first matching rule wins):</p>
            <pre>\(Self.escape(exitPolicy.isEmpty ? "reject *:*" : exitPolicy))</pre>
            """
            : ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Surety relay \(nickname)</title>
            <style>body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.45}
            pre,code{background:#f3f3f3;padding:.1em .3em}pre{padding:.6em;overflow-x:auto}</style>
            </head>
            <body>
            <h1>This is a Surety relay</h1>
            \(role)
            <h2>Surety members are accountable</h2>
            <p>Unlike anonymous networks, every Surety member holds a registered identity backed by a
            deposit, and every stream leaving an exit carries an encrypted, signed record of the member who
            opened it. No single party can read it — not this operator, not any one administrator of the
            network. When a valid abuse report matches a stream, a quorum of the network's administrators
            can open that record together, and the member's access can be revoked within seconds across
            every relay. Members keep their privacy from everyone else, and abuse stays answerable.</p>
            <h2>Reporting abuse</h2>
            <p>Send reports to: <strong>\(contact)</strong></p>
            <p>Please include the <strong>destination address and port</strong>, the <strong>source
            port</strong> seen from this address, and the <strong>time with its time zone</strong> (to the
            second if you can), together with logs showing the problem. Without the source port and time a
            report cannot be matched to a single stream. Reports are handled by the operator together with
            the network's governance, which keeps a public count of the records it opens.</p>
            <p>Blocking this address will block every Surety member using it, not only the one you are
            looking for; a report lets the network deal with the person responsible.</p>
            \(policy)
            <h2>This relay</h2>
            <p>Nickname: <code>\(nickname)</code><br>
            Identity: <code>\(identity)</code></p>
            </body>
            </html>

            """
    }

    /// Escapes the five characters that are special in HTML text and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
