#!/usr/bin/env node
// Entry point of `npm run render`.
require("./entry")("render");
