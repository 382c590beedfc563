// The component package from another language, on the real engine: `pulumi package get-schema` of this
// repository, and Pulumi YAML programs (examples/yaml) that consume it through `packages:`, which the engine
// serves by running this repository as a Node.js plugin. Needs pulumi-language-yaml on PATH.

import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT } from "../../config/load";
import { STACK_ANNOTATION } from "../../domain/ownership";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { installPacked } from "../packed";
import { issueCertificate } from "../pki";
import { type Cluster, connect } from "./cluster";
import { type Namespaces, ROOT, setConfig, temporaryBackend, tutorialConfig } from "./stacks";

const { dir: BACKEND, env: ENV } = temporaryBackend();
const YAML_NS: Namespaces = { gateway: "itest-yaml-gw", workload: "itest-yaml-system", apps: "itest-yaml-apps" };
const TS_NS: Namespaces = { gateway: "itest-ts-gw", workload: "itest-ts-system", apps: "itest-ts-apps" };
const CONSUMER_NS: Namespaces = { gateway: "itest-npm-gw", workload: "itest-npm-system", apps: "itest-npm-apps" };
const ALL_NAMESPACES = [YAML_NS, TS_NS, CONSUMER_NS].flatMap((namespaces) => Object.values(namespaces));
const EXAMPLE = yaml.load(fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8")) as any;

/**
 * A YAML program: the example, in a folder of its own, its package this repository, in `namespaces`. With
 * `add`, the package entry is written by `pulumi package add <repository>`, as a user would.
 */
function yamlProgram(
    name: string,
    namespaces: Namespaces,
    change: (ingress: any) => void = () => undefined,
    add = false,
) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `igt-itest-${name}-`));
    const program = structuredClone(EXAMPLE);
    program.name = name;
    program.packages = { "istio-gateway-tls": ROOT };
    if (add) delete program.packages;
    const ingress = program.resources.ingress.properties;
    Object.assign(ingress.gateway, { namespace: namespaces.gateway, workloadNamespace: namespaces.workload });
    for (const route of ingress.routes) route.namespace = namespaces.apps;
    ingress.sampleApps = { enabled: false, namespace: namespaces.apps };
    change(ingress);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(program));
    if (add) {
        const added = spawnSync("pulumi", ["package", "add", ROOT], {
            cwd: dir,
            env: { ...process.env, ...ENV },
            encoding: "utf8",
        });
        const written = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as any;
        if (added.status !== 0 && /method Link not implemented/.test(added.stderr + added.stdout)) {
            // A YAML language host older than the CLI (v1.25.0 beside 3.274.1 here) has no Link: the add
            // generates the SDK, then cannot write the entry. Write what it writes.
            console.log("    (pulumi package add: the YAML host cannot link; writing its packages entry)");
            written.packages = { "istio-gateway-tls": ROOT };
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(written));
        } else {
            assert.equal(added.status, 0, added.stderr);
            assert.deepEqual(
                Object.keys(written.packages ?? {}),
                ["istio-gateway-tls"],
                "pulumi package add wrote no entry",
            );
        }
    }
    return dir;
}

async function yamlStack(dir: string): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack({ stackName: "itest", workDir: dir }, { envVars: ENV });
}

/**
 * An object as read back, without what the API server adds and with the scenario's namespaces neutral. It
 * must carry its own program's mark (`<project>/<stack>`, which differs between the two), shown as `<stack>`.
 */
function comparable(object: any, namespaces: Namespaces, owner: string): unknown {
    if (object === undefined) return undefined;
    const { metadata, ...rest } = object;
    assert.equal(metadata.annotations?.[STACK_ANNOTATION], owner, `${metadata.name}: not marked as ${owner}'s`);
    const annotations = { ...metadata.annotations, [STACK_ANNOTATION]: "<stack>" };
    const kept = { name: metadata.name, labels: metadata.labels, annotations, ...rest };
    let text = JSON.stringify(kept);
    for (const [role, namespace] of Object.entries(namespaces)) text = text.replaceAll(namespace, `<${role}>`);
    return JSON.parse(text);
}

/** Drops what a schema's reader fills or leaves out: `optional` flags (required lists say it) and empty values. */
function canonical(value: any): any {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.entries(value)
            .filter(([key, child]) => key !== "optional" && !isEmpty(child))
            .map(([key, child]) => [key, canonical(child)]),
    );
}
const isEmpty = (value: unknown) =>
    value === null || (typeof value === "object" && Object.keys(value as object).length === 0);

describe("integration: the component package from another language", () => {
    let cluster: Cluster;
    const stacks: Stack[] = [];

    before(async function () {
        if (spawnSync("pulumi-language-yaml", ["--help"]).error) {
            console.log(
                "    (skipped: no pulumi-language-yaml on PATH; build github.com/pulumi/pulumi-yaml's cmd/pulumi-language-yaml)",
            );
            return this.skip();
        }
        cluster = await connect(process.env.KUBECONFIG!);
        for (const namespace of ALL_NAMESPACES) await cluster.ensureNamespace(namespace);
        await cluster.deleteLeftovers(ALL_NAMESPACES);
    });

    after(async () => {
        for (const stack of stacks.reverse()) {
            await stack.destroy().catch(() => undefined);
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        }
        fs.rmSync(BACKEND, { recursive: true, force: true });
    });

    it("P1. pulumi package get-schema of the repository gives the committed schema", () => {
        // From outside the repository: `pulumi package` refuses a folder with both Pulumi.yaml and PulumiPlugin.yaml.
        const printed = execFileSync("pulumi", ["package", "get-schema", ROOT], {
            cwd: os.tmpdir(),
            encoding: "utf8",
            env: { ...process.env, ...ENV },
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer: 64 << 20,
        });
        const committed = JSON.parse(fs.readFileSync(path.join(ROOT, "schemas", "package.schema.json"), "utf8"));
        assert.deepEqual(canonical(JSON.parse(printed)), canonical(committed));
    });

    it("P2. the YAML example, added with pulumi package add, deploys the tutorial with the objects the TypeScript program creates", async () => {
        const fromYaml = await yamlStack(yamlProgram("itest-yaml", YAML_NS, undefined, true));
        stacks.push(fromYaml);
        const result = await fromYaml.up();
        assert.equal(result.summary.result, "succeeded");
        assert.equal(result.outputs.credentials.value[0].secretNamespace, YAML_NS.workload);

        const fromTypeScript = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest-package-ts", workDir: ROOT },
            { envVars: ENV },
        );
        stacks.push(fromTypeScript);
        await setConfig(fromTypeScript, tutorialConfig(false, TS_NS));
        await fromTypeScript.up();

        const read = async (namespaces: Namespaces, owner: string) => ({
            gateway: comparable(await cluster.istio("gateways", namespaces.gateway, "mysdsgateway"), namespaces, owner),
            a: comparable(
                await cluster.istio("virtualservices", namespaces.gateway, "a.aliyun.com"),
                namespaces,
                owner,
            ),
            b: comparable(
                await cluster.istio("virtualservices", namespaces.gateway, "b.aliyun.com"),
                namespaces,
                owner,
            ),
            secret: await cluster.secret(namespaces.workload, "myexample-credential").then((s) => ({
                type: s?.type,
                keys: Object.keys(s?.data ?? {}).sort(),
            })),
        });
        const yamlObjects = await read(YAML_NS, "itest-yaml/itest");
        assert.ok(yamlObjects.gateway, "the YAML program created no Gateway");
        assert.deepEqual(yamlObjects, await read(TS_NS, `${PROJECT}/itest-package-ts`));
    });

    it("P2b. a TypeScript program outside the repository installs the packed package and deploys the tutorial", async () => {
        const { dir } = installPacked("igt-itest-consumer-", ["@types/node"]);
        const example = path.join(ROOT, "examples", "typescript");
        for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json"]) {
            fs.copyFileSync(path.join(example, file), path.join(dir, file));
        }
        const source = fs.readFileSync(path.join(example, "index.ts"), "utf8");
        const placed = source.replace(
            'gateway: { name: "mysdsgateway", namespace: "default", workloadNamespace: "istio-system" }',
            `gateway: { name: "consumer-gateway", namespace: "${CONSUMER_NS.gateway}", workloadNamespace: "${CONSUMER_NS.workload}" }`,
        );
        assert.notEqual(placed, source, "the example's gateway line changed: update this test");
        fs.writeFileSync(path.join(dir, "index.ts"), placed.replaceAll("myexample-credential", "consumer-credential"));
        const consumer = await LocalWorkspace.createOrSelectStack(
            { stackName: "itest", workDir: dir },
            { envVars: ENV },
        );
        stacks.push(consumer);
        await consumer.setConfig("sampleApps", { value: "false" });
        const result = await consumer.up();
        assert.equal(result.summary.result, "succeeded");
        assert.ok(
            await cluster.istio("gateways", CONSUMER_NS.gateway, "consumer-gateway"),
            "no Gateway from the consumer",
        );
        assert.ok(await cluster.secret(CONSUMER_NS.workload, "consumer-credential"), "no Secret from the consumer");
        assert.equal(result.outputs.credentials.value[0].secretName, "consumer-credential");
    });

    it("P3. a PEM passed from YAML with fn::secret stays secret in state and outputs", async () => {
        const brought = issueCertificate(["shop.example.com"]);
        const dir = yamlProgram("itest-yaml-secret", YAML_NS, (ingress) => {
            ingress.gateway.name = "secret-gateway";
            ingress.certificates = [
                {
                    name: "shop-credential",
                    hosts: ["shop.example.com"],
                    existing: { certPem: brought.certPem, keyPem: { "fn::secret": brought.keyPem } },
                },
            ];
            ingress.routes = [];
        });
        const stack = await yamlStack(dir);
        stacks.push(stack);
        await stack.up();
        const state = JSON.stringify(await stack.exportStack());
        const keyLine = brought.keyPem.split("\n")[1];
        assert.ok(!state.includes(keyLine), "the private key is in the state in plaintext");
        const outputs = JSON.stringify(await stack.outputs());
        assert.ok(!outputs.includes(keyLine), "the private key is in the outputs");
        assert.ok(await cluster.secret(YAML_NS.workload, "shop-credential"), "no Secret shop-credential");
    });

    it("P4. a YAML program with a bad config fails with the problem list and creates nothing", async () => {
        const dir = yamlProgram("itest-yaml-bad", YAML_NS, (ingress) => {
            ingress.gateway.name = "bad-gateway";
            ingress.certificates[0].name = "istio-credential";
            ingress.certificates[0].keyAlgorithm = "DSA";
        });
        const stack = await yamlStack(dir);
        stacks.push(stack);
        await assert.rejects(
            stack.up(),
            /certificates\[0\]\.name: starts with "istio"[\s\S]*certificates\[0\]\.keyAlgorithm/,
        );
        const types = (await stack.exportStack()).deployment.resources?.map((r: { type: string }) => r.type) ?? [];
        assert.deepEqual(
            types.filter((type: string) => type.startsWith("kubernetes:") || type.startsWith("tls:")),
            [],
        );
        assert.equal(await cluster.istio("gateways", YAML_NS.gateway, "bad-gateway"), undefined);
    });
});
