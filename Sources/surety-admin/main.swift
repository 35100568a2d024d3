print("surety-admin: not yet")
