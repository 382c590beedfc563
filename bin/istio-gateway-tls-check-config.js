#!/usr/bin/env node
// Entry point of `npm run check-config` and the package's bin.
require("./entry")("checkConfig");
