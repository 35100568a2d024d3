/// Runs `body` over an array's bytes keeping the typed error (the standard library's
/// `withUnsafeBytes` rethrows as `any Error`).
@inline(__always)
public func withBytes<R>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(CircuitError) -> R)
    throws(CircuitError)
    -> R
{
    let result: Result<R, CircuitError> = array.withUnsafeBytes { pointer in
        Result { () throws(CircuitError) in try body(pointer) }
    }
    return try result.get()
}
