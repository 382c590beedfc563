// The generated JSON Schema for stack files: committed as the code gives it, referenced by the examples, and
// in agreement with check-config: whatever check-config accepts the schema accepts, and the shape mistakes
// an editor can flag (unknown keys, wrong types and values, missing fields) both refuse.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main } from "../cli/checkConfig";
import { generatedSchemas, packageSchema, packageSchemaInputs } from "../scripts/schemas";
import { ROOT } from "./harness";

// Untyped: the type-check then reads none of ajv's declarations (npm test's CPU budget).
const Ajv = require("ajv").default as new (
    options: object,
) => {
    compile(schema: object): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] };
};

const generated = generatedSchemas();
const validate = new Ajv({ allErrors: true, strict: false }).compile(
    JSON.parse(generated["schemas/stack-file.schema.json"]),
);

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
    // Ranges and allowed values are the model's, so the editor refuses what check-config refuses.
    "a route port of 0": (c) => {
        c["istio-gateway-tls:routes"][0].port = 0;
    },
    "a validity of 0 days": (c) => {
        c["istio-gateway-tls:certificates"][0].validityDays = 0;
    },
    "a port above 65535": (c) => {
        c["istio-gateway-tls:gateway"].port = 70000;
    },
    "an RSA size not offered": (c) => {
        c["istio-gateway-tls:certificates"][0].rsaBits = 1024;
    },
    "a cipher suite Istio does not accept": (c) => {
        c["istio-gateway-tls:certificates"][0].cipherSuites = ["RC4-MD5"];
    },
};

describe("the stack-file JSON Schema", () => {
    it("is committed as the model gives it (npm run schemas regenerates it)", () => {
        for (const [name, text] of Object.entries(generated)) {
            const committed = fs.readFileSync(path.join(ROOT, name), "utf8");
            assert.equal(committed, text, `${name} is stale: run npm run schemas`);
        }
    });

    it("carries each field's doc, enum, range and default", () => {
        const gateway = JSON.parse(generated["schemas/stack-file.schema.json"]).properties.config.properties[
            "istio-gateway-tls:gateway"
        ];
        assert.match(gateway.properties.workloadNamespace.description, /credential secrets must live here/);
        assert.deepEqual(gateway.properties.api.anyOf[0].enum, ["istio", "gateway-api"]);
        assert.equal(gateway.properties.port.default, 443);
        assert.deepEqual([gateway.properties.port.minimum, gateway.properties.port.maximum], [1, 65535]);
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

describe("the Pulumi package schema (schemas/package.schema.json)", () => {
    let schema: any;
    const committed = () => fs.readFileSync(path.join(ROOT, "schemas", "package.schema.json"), "utf8");
    before(() => {
        schema = JSON.parse(committed());
    });
    const component = () => schema.resources["istio-gateway-tls:index:SecureIngress"];
    const typeOf = (ref: string) => schema.types[ref.replace("#/types/", "")];

    it("is what Pulumi's analyzer infers from the component's current sources (npm run schemas)", async () => {
        // The analyzer runs only when the sources differ from those the committed schema was inferred from;
        // the integration suite compares it with `pulumi package get-schema` on the engine.
        const inputs = fs.readFileSync(path.join(ROOT, "schemas", "package.schema.inputs"), "utf8");
        if (inputs !== packageSchemaInputs()) {
            assert.equal(
                committed(),
                await packageSchema(),
                "schemas/package.schema.json is stale: run npm run schemas",
            );
            assert.fail("the component's sources changed since npm run schemas: run it to record them");
        }
        assert.equal(component().isComponent, true);
        assert.deepEqual(component().requiredInputs, ["certificates"]);
    });

    it("types every input as an object of named fields, closed sets as enums, and nothing as Any", () => {
        const inputs = component().inputProperties;
        for (const key of ["gateway", "sampleApps", "controlPlane"]) {
            assert.ok(typeOf(inputs[key].$ref).properties, `${key} is not a typed object`);
        }
        const certificate = typeOf(inputs.certificates.items.$ref);
        assert.ok(typeOf(inputs.routes.items.$ref).properties.service);
        for (const [field, values] of Object.entries({
            mode: ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"],
            keyAlgorithm: ["RSA", "ECDSA"],
            minProtocolVersion: ["TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"],
        })) {
            const type = typeOf(certificate.properties[field].$ref);
            assert.deepEqual(
                type.enum.map((member: { value: string }) => member.value),
                values,
                field,
            );
        }
        assert.deepEqual(
            typeOf(typeOf(inputs.gateway.$ref).properties.api.$ref).enum.map((m: { name: string }) => m.name),
            ["Istio", "GatewayApi"],
        );
        // Names each SDK spells well: Python's SDK makes OPTIONAL_MUTUAL of OptionalMutual, OPTIONA_L_MUTUAL of OPTIONAL_MUTUAL.
        assert.deepEqual(
            typeOf(certificate.properties.mode.$ref).enum.map((m: { name: string }) => m.name),
            ["SIMPLE", "MUTUAL", "OptionalMutual"],
        );
        // Only a DNS webhook's own settings are Any: cert-manager types them as arbitrary JSON.
        const anys = Object.entries(schema.types as Record<string, { properties?: Record<string, { $ref?: string }> }>)
            .flatMap(([type, spec]) => Object.entries(spec.properties ?? {}).map(([key, p]) => [type, key, p.$ref]))
            .filter(([, , ref]) => ref === "pulumi.json#/Any")
            .map(([type, key]) => `${type}.${key}`);
        assert.deepEqual(anys, ["istio-gateway-tls:index:WebhookSolverConfig.config"]);
        assert.equal(JSON.stringify(schema).match(/pulumi\.json#\/Any/g)?.length, 1);
    });

    it("describes every input and output from its TSDoc", () => {
        const undocumented: string[] = [];
        const visit = (owner: string, properties: Record<string, { description?: string }>) => {
            for (const [key, property] of Object.entries(properties ?? {})) {
                if (!property.description) undocumented.push(`${owner}.${key}`);
            }
        };
        visit("SecureIngress", component().inputProperties);
        visit("SecureIngress", component().properties);
        for (const [name, type] of Object.entries<any>(schema.types)) visit(name, type.properties);
        assert.deepEqual(undocumented, []);
        assert.match(component().inputProperties.certificates.description, /one HTTPS server each/);
    });

    it("types the outputs: credential and route summaries, the gateway, the sample clients", () => {
        const outputs = component().properties;
        assert.ok(typeOf(outputs.credentialSummaries.items.$ref).properties.fingerprintSha256);
        assert.ok(typeOf(outputs.routeSummaries.items.$ref).properties.curl);
        assert.ok(typeOf(outputs.gateway.$ref).properties.workloadNamespace);
        assert.ok(typeOf(outputs.sampleClients.additionalProperties.$ref).properties.keyPem);
    });
});
