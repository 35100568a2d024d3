import NIOCore

extension RelayMessage {
    /// RESOLVED: one or more (address, TTL) answers; an error answer stands alone
    /// (Docs/SPEC.md §6.12).
    public struct Resolved: Hashable, Sendable {
        public let answers: [AddressTTL]

        public init(answers: [AddressTTL]) throws {
            try Self.validate(answers, code: .invalidArgument)
            guard answers.reduce(0, { $0 + $1.encodedLength }) <= RelayCell.maxDataLength else {
                throw WireError(.invalidArgument, "RESOLVED answers do not fit a relay cell")
            }
            self.answers = answers
        }

        init(decoding body: ByteBuffer) throws {
            var buffer = body
            var answers: [AddressTTL] = []
            // Each answer takes at least 6 bytes, so the body bounds the count (≤ 167).
            while buffer.readableBytes > 0 {
                answers.append(try AddressTTL.read(from: &buffer, allowed: .resolvedAnswer))
            }
            try Self.validate(answers, code: .invalidField)
            self.answers = answers
        }

        func encode(into buffer: inout ByteBuffer) {
            for answer in answers { answer.write(to: &buffer) }
        }

        private static func validate(_ answers: [AddressTTL], code: WireError.Code) throws {
            guard !answers.isEmpty else {
                throw WireError(code == .invalidField ? .missingField : code, "RESOLVED needs an answer")
            }
            if answers.count > 1, answers.contains(where: { $0.address.isError }) {
                throw WireError(code, "a RESOLVED error answer must stand alone")
            }
        }
    }
}
