// libFuzzer entry point for FuzzHarness.cell (Docs/SPEC.md; see Scripts/fuzz.sh).
//
// Built with `--sanitize=fuzzer`, SwiftPM compiles this file as a library and libFuzzer's
// `main` drives `LLVMFuzzerTestOneInput`. In an ordinary build the file has no top-level
// code, so the executable links and does nothing; the seed corpus is replayed by the tests.
import SuretyFuzzHarness

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCell(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.cell(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
