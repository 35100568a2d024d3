print("surety-demo")
