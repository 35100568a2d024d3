extension ExitPolicy {
    /// Ports refused by Tor's default exit policy (tor-manual "ExitPolicy", the list appended when no
    /// `reject *:*` ends the operator's policy): SMTP (25, mail spam — the main source of complaints),
    /// NNTP (119), Windows RPC/NetBIOS/SMB (135-139, 445), NNTPS (563), and the file-sharing ports
    /// Kazaa (1214), eDonkey (4661-4666), Gnutella (6346-6429), WinMX (6699) and BitTorrent (6881-6999).
    public static let defaultRejectedPorts: [ClosedRange<UInt16>] = [
        25...25, 119...119, 135...139, 445...445, 563...563, 1214...1214, 4661...4666, 6346...6429,
        6699...6699, 6881...6999,
    ]

    /// The policy an exit runs when its configuration names none:
    /// ```
    /// reject private:*
    /// reject *:25,119,135-139,445,563,1214,4661-4666,6346-6429,6699,6881-6999
    /// accept *:*
    /// ```
    /// Private, loopback, link-local and CGNAT ranges are refused so a stream can never reach the exit's
    /// own host or LAN (Tor's `ExitPolicyRejectPrivate`, on by default). The port list is Tor's default
    /// policy rather than its "reduced" one: Surety streams are accountable (DESIGN.md "Accountable
    /// exits"), so exits need not guess abuse by port, but the ports that draw the bulk of complaints
    /// for little legitimate use stay closed. The exit's own public addresses are not known here; the
    /// relay adds a reject rule for them in front of this policy.
    public static let defaultExit = ExitPolicy(rules: [
        rule(.reject, .privateRanges),
        rule(.reject, .any, ports: defaultRejectedPorts),
        rule(.accept, .any),
    ])

    /// The testnet policy: loopback is allowed so an in-process network can reach its local web server;
    /// the rest is `defaultExit`.
    /// ```
    /// accept 127.0.0.0/8:*
    /// accept [::1]:*
    /// reject private:*
    /// …
    /// ```
    public static let testnet = ExitPolicy(
        rules: [
            rule(.accept, .prefix(IPAddressPrefix(.v4(IPv4Address(127, 0, 0, 0)), length: 8) ?? loopbackV4)),
            rule(.accept, .prefix(IPAddressPrefix(host: .v6(.loopback)))),
        ] + defaultExit.rules
    )

    private static let loopbackV4 = IPAddressPrefix(host: .v4(IPv4Address(127, 0, 0, 1)))

    private static func rule(
        _ verdict: ExitPolicyRule.Verdict,
        _ addresses: ExitPolicyRule.AddressPattern,
        ports: [ClosedRange<UInt16>] = [ExitPolicyRule.allPorts]
    ) -> ExitPolicyRule {
        ExitPolicyRule(verdict, addresses: addresses, validPorts: ports)
    }
}
