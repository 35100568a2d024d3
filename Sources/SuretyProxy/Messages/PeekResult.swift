/// The outcome of looking at the front of the pending bytes for one handshake message.
///
/// Decisions depend only on the bytes seen so far and are taken as soon as those bytes settle them,
/// so the same input gives the same outcome however it was split into reads.
enum PeekResult<Message> {
    /// The message is not complete yet; nothing was consumed.
    case needMoreBytes
    /// A complete message occupying the first `length` bytes.
    case complete(Message, length: Int)
}
