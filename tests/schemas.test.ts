// The generated JSON Schema for stack files: committed as the code gives it, referenced by the examples, and
// in agreement with check-config: whatever check-config accepts the schema accepts, and the shape mistakes
// an editor can flag (unknown keys, wrong types and values, missing fields) both refuse.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main } from "../cli/checkConfig";
import { generatedSchemas, SCHEMAS_DIR } from "../scripts/schemas";
import { ROOT } from "./harness";

// Untyped: the type-check then reads none of ajv's declarations (npm test's CPU budget).
const Ajv = require("ajv").default as new (
    options: object,
) => {
    compile(schema: object): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] };
};

const generated = generatedSchemas();
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(generated["stack-file.schema.json"]));

function checkConfigAccepts(text: string): boolean {
    const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "igt-schema-"));
    const file = path.join(dir, "Pulumi.test.yaml");
    fs.writeFileSync(file, text);
    try {
        return (
            main(["--file", file], {
                stdout: () => undefined,
                stderr: () => undefined,
                now: new Date("2026-12-01"),
            }) === 0
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const FIXTURES = [
    ...fs
        .readdirSync(path.join(ROOT, "tests", "config"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join("tests", "config", f)),
    ...fs.readdirSync(path.join(ROOT, "stacks", "examples")).map((f) => path.join("stacks", "examples", f)),
];

const TUTORIAL = fs.readFileSync(path.join(ROOT, "tests", "config", "tutorial.yaml"), "utf8");

/** Shape mistakes of the tutorial config that both must refuse, each by a change to its config. */
const SHAPE_MISTAKES: Record<string, (config: Record<string, any>) => void> = {
    "a misspelled key": (c) => {
        c["istio-gateway-tls:certificates"][0].hots = c["istio-gateway-tls:certificates"][0].hosts;
        delete c["istio-gateway-tls:certificates"][0].hosts;
    },
    "an unknown top-level key": (c) => {
        c["istio-gateway-tls:certificate"] = c["istio-gateway-tls:certificates"];
    },
    "a port given as a string": (c) => {
        c["istio-gateway-tls:gateway"].port = "443";
    },
    "a TLS mode not in the closed set": (c) => {
        c["istio-gateway-tls:certificates"][0].mode = "PASSTHROUGH";
    },
    "a route without its service": (c) => {
        delete c["istio-gateway-tls:routes"][0].service;
    },
    "no certificates": (c) => {
        delete c["istio-gateway-tls:certificates"];
    },
    "hosts as a string": (c) => {
        c["istio-gateway-tls:certificates"][0].hosts = "*.aliyun.com";
    },
};

describe("the stack-file JSON Schema", () => {
    it("is committed as the model gives it (npm run schemas regenerates it)", () => {
        for (const [name, text] of Object.entries(generated)) {
            const committed = fs.readFileSync(path.join(SCHEMAS_DIR, name), "utf8");
            assert.equal(committed, text, `schemas/${name} is stale: run npm run schemas`);
        }
    });

    it("carries each field's TSDoc, enum and default", () => {
        const gateway = JSON.parse(generated["stack-file.schema.json"]).properties.config.properties[
            "istio-gateway-tls:gateway"
        ];
        assert.match(gateway.properties.workloadNamespace.description, /credential secrets must live here/);
        assert.deepEqual(gateway.properties.api.anyOf[0].enum, ["istio", "gateway-api"]);
        assert.equal(gateway.properties.port.default, 443);
    });

    for (const fixture of FIXTURES) {
        it(`${fixture}: accepted by check-config and by the schema`, () => {
            const text = fs.readFileSync(path.join(ROOT, fixture), "utf8");
            assert.equal(checkConfigAccepts(text), true);
            assert.equal(validate(yaml.load(text)), true, JSON.stringify(validate.errors));
        });
    }

    for (const [mistake, change] of Object.entries(SHAPE_MISTAKES)) {
        it(`${mistake}: refused by check-config and by the schema`, () => {
            const document = yaml.load(TUTORIAL) as { config: Record<string, any> };
            change(document.config);
            assert.equal(checkConfigAccepts(yaml.dump(document)), false);
            assert.equal(validate(document), false);
        });
    }

    it("leaves other namespaces alone and takes kubernetes:* as strings", () => {
        const document = yaml.load(TUTORIAL) as { config: Record<string, any> };
        document.config["kubernetes:context"] = "prod";
        document.config["pulumi:tags"] = { team: "platform" };
        assert.equal(validate(document), true, JSON.stringify(validate.errors));
        document.config["kubernetes:context"] = 3;
        assert.equal(validate(document), false);
    });

    it("is referenced by every example stack, for editors", () => {
        for (const file of fs.readdirSync(path.join(ROOT, "stacks", "examples"))) {
            const text = fs.readFileSync(path.join(ROOT, "stacks", "examples", file), "utf8");
            assert.match(
                text,
                /^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/stack-file\.schema\.json$/m,
                file,
            );
        }
    });
});
