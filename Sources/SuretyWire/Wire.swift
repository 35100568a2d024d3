/// SuretyWire: cells, relay messages and link frames (Docs/SPEC.md).
public enum Wire {}
