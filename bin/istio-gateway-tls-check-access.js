#!/usr/bin/env node
// Entry point of `npm run check-access` and the package's bin.
require("./entry")("checkAccess");
