print("surety-dir: not yet")
