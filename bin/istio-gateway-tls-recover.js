#!/usr/bin/env node
// Entry point of `npm run recover` and the package's bin.
require("./entry")("recover");
