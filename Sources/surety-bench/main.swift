print("surety-bench: benchmarks are added by the Foundation issue")
