/// SENDME window parameters (Docs/SPEC.md §6.8). Counted in DATA cells, per direction.
public enum FlowControlWindows {
    /// Initial circuit package and deliver window.
    public static let circuitStart = 4000
    /// Cells acknowledged by one circuit-level SENDME.
    public static let circuitIncrement = 400
    /// Initial stream package and deliver window.
    public static let streamStart = 2000
    /// Cells acknowledged by one stream-level SENDME.
    public static let streamIncrement = 200
}
