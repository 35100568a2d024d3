// libFuzzer entry point for ProxyFuzzHarness.exitPolicy (ExitPolicy text parser and matcher; see
// Scripts/fuzz.sh).
//
// Built with `--sanitize=fuzzer`, SwiftPM compiles this file as a library and libFuzzer's `main`
// drives `LLVMFuzzerTestOneInput`. In an ordinary build the file has no top-level code, so the
// executable links and does nothing; the seed corpus is replayed by the tests.
import SuretyProxyFuzzHarness

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExitPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ProxyFuzzHarness.exitPolicy(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
