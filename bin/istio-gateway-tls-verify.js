#!/usr/bin/env node
// Entry point of `npm run verify` and the package's bin.
require("./entry")("verify");
