import SuretyDocuments
import SuretyWire

/// A refusal the directory sends back: an HTTP status, a stable machine-readable code and a
/// message, serialized as `{"error": {"code": ..., "message": ...}}` (issue 5 "Bad input").
public struct DirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status) \(code): \(message)" }

    public static func malformed(_ message: String) -> Self { .init(status: 400, code: "malformed", message) }
    public static func notFound(_ message: String) -> Self { .init(status: 404, code: "not_found", message) }
    public static func tooLarge(_ limit: Int) -> Self {
        .init(status: 413, code: "body_too_large", "request body exceeds \(limit) bytes")
    }
    public static func rateLimited(_ message: String) -> Self { .init(status: 429, code: "rate_limited", message) }
    public static func unavailable(_ message: String) -> Self { .init(status: 503, code: "unavailable", message) }

    /// Maps document and wire errors to statuses: 400 for bytes that do not parse, 403 for
    /// signatures or signers that do not satisfy the policy, 409 for replays, 422 for documents
    /// that parse and verify but are not acceptable now.
    public static func from(_ error: any Error) -> DirectoryError {
        switch error {
        case let error as DirectoryError:
            return error
        case let error as DocumentError:
            switch error.code {
            case .insufficientSignatures: return .init(status: 403, code: "bad_signature", error.message)
            case .notAuthorized: return .init(status: 403, code: "not_authorized", error.message)
            case .stale: return .init(status: 409, code: "stale", error.message)
            case .notValidNow: return .init(status: 422, code: "not_valid_now", error.message)
            case .tooLarge: return .init(status: 413, code: "body_too_large", error.message)
            case .inconsistent: return .init(status: 409, code: "inconsistent", error.message)
            case .wrongDocumentType: return .init(status: 400, code: "wrong_document_type", error.message)
            default: return .init(status: 400, code: "malformed", error.message)
            }
        case let error as WireError:
            switch error.code {
            case .insufficientSignatures: return .init(status: 403, code: "bad_signature", error.message)
            case .wrongDocumentType, .unsupportedVersion:
                return .init(status: 400, code: "wrong_document_type", error.message)
            case .tooLong: return .init(status: 413, code: "body_too_large", error.message)
            default: return .init(status: 400, code: "malformed", error.message)
            }
        default:
            return .init(status: 500, code: "internal", "internal error")
        }
    }
}
