import Testing

/// The directory's network tests run one at a time: each starts several HTTP servers, relays and
/// SQLite databases, and the suites would otherwise compete for the two cores.
@Suite(.serialized) enum DirectoryTests {}
