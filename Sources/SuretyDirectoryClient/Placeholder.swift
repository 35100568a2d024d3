enum SuretyDirectoryClientPlaceholder {}
