// SecureIngress's args as another language's program hands them over: through Pulumi's component provider,
// a top-level arg that is secret or has dependencies arrives as one Output; leaves such as PEMs, images and
// selector values may be outputs of other resources; the control plane is a kubeconfig, not a provider.

import * as assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, SecureIngress, type SecureIngressArgs } from "../components";
import type { PlainArgs } from "../components/secureIngress/args";
import { devConfig } from "./fixtures";
import { type ProgramRun, TYPES, isSecretValue, runComponents, unwrapSecrets } from "./harness";
import { issueCertificate } from "./pki";

const NOW = "2026-12-01T00:00:00.000Z";
const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n";

/** The tutorial's config as component args, plain. */
function tutorialArgs(): PlainArgs {
    return { ...devConfig(), now: NOW } as PlainArgs;
}

/** Builds one SecureIngress under mocks, waiting until its children are registered. */
async function build(args: SecureIngressArgs): Promise<{ run: ProgramRun; ingress: SecureIngress }> {
    let ingress: SecureIngress | undefined;
    const run = await runComponents((instrumentation) => {
        ingress = new SecureIngress("edge", args, instrumentation);
        return { credentials: ingress.credentialSummaries, routes: ingress.routeSummaries, gateway: ingress.gateway };
    });
    return { run, ingress: ingress! };
}

/** Builds one SecureIngress whose args are refused once settled: what got registered, and its ConfigError. */
async function refused(args: SecureIngressArgs): Promise<{ run: ProgramRun; error: ConfigError }> {
    let ready: Promise<void> | undefined;
    const run = await runComponents((instrumentation) => {
        ready = new SecureIngress("edge", args, instrumentation).ready;
        ready.catch(() => undefined);
        return {};
    });
    const error = await ready!.then(
        () => assert.fail("accepted"),
        (thrown) => thrown,
    );
    assert.ok(error instanceof ConfigError, String(error));
    return { run, error };
}

/** What was registered, comparable across runs: type, name and inputs without secret wrappers. */
const registered = (run: ProgramRun) =>
    run.resources
        .map((r) => ({ type: r.type, name: r.name, inputs: unwrapSecrets(r.inputs) }))
        .sort((a, b) => `${a.type}${a.name}`.localeCompare(`${b.type}${b.name}`));

describe("SecureIngress args from any language", () => {
    it("top-level args that arrive as secret Outputs register the same resources as plain args", async () => {
        const plain = await build(tutorialArgs());
        const args = tutorialArgs();
        const wrapped = await build({
            ...args,
            certificates: pulumi.secret(args.certificates) as unknown as SecureIngressArgs["certificates"],
            routes: pulumi.output(args.routes) as unknown as SecureIngressArgs["routes"],
        });
        assert.deepEqual(registered(wrapped.run), registered(plain.run));
        assert.deepEqual(wrapped.run.outputs, plain.run.outputs);
    });

    it("bad args given as Outputs are refused with the same problems, and no child is registered", async () => {
        const args = tutorialArgs();
        const bad = { ...args.certificates[0], name: "istio-credential", keyAlgorithm: "DSA" };
        let plainError: unknown;
        try {
            new SecureIngress("x", { ...args, certificates: [bad] } as SecureIngressArgs);
        } catch (error) {
            plainError = error;
        }
        assert.ok(plainError instanceof ConfigError);
        const { run, error } = await refused({ ...args, certificates: pulumi.secret([bad]) as never });
        assert.deepEqual(error.problems, plainError.problems);
        assert.deepEqual(
            run.resources.map((r) => r.type),
            ["istio-gateway-tls:index:SecureIngress"],
        );
    });

    it("an arg that is still unknown (a preview before its resource exists) is a clear problem, not a hang", async () => {
        const { error } = await refused({ ...tutorialArgs(), routes: pulumi.output(pulumi.unknown) as never });
        assert.deepEqual(
            error.problems.map((p: { path: string }) => p.path),
            ["routes"],
        );
        assert.match(error.problems[0].fix, /certificate names and hosts, routes and the gateway decide/);
    });

    it("a brought certificate's PEMs inside a secret top-level Output stay secret in the Secret", async () => {
        const issued = issueCertificate(["*.aliyun.com"]);
        const args = tutorialArgs();
        const certificates = [
            { name: "shop", hosts: ["*.aliyun.com"], existing: { certPem: issued.certPem, keyPem: issued.keyPem } },
        ];
        const { run } = await build({
            ...args,
            certificates: pulumi.secret(certificates) as never,
            routes: [],
        });
        const [secret] = run.ofType(TYPES.secret);
        assert.ok(isSecretValue(secret.inputs.stringData), "tls.key reached the engine in plaintext");
        assert.deepEqual(unwrapSecrets(secret.inputs.stringData), {
            "tls.crt": issued.certPem,
            "tls.key": issued.keyPem,
        });
    });

    it("images and selector values may be outputs of other resources", async () => {
        const args = tutorialArgs();
        const image = pulumi.output("registry.example.com/nginx:1.27");
        const label = pulumi.output("edge-gateway");
        const { run } = await build({
            ...args,
            gateway: { ...args.gateway, selector: { istio: label } },
            sampleApps: { ...args.sampleApps, enabled: true, nginxImage: image },
        });
        assert.deepEqual(run.ofType(TYPES.gateway)[0].inputs.spec.selector, { istio: "edge-gateway" });
        const images = run
            .ofType(TYPES.deployment)
            .flatMap((d) => d.inputs.spec.template.spec.containers.map((c: { image: string }) => c.image));
        assert.ok(images.includes("registry.example.com/nginx:1.27"), images.join(", "));
        assert.deepEqual(run.outputs.gateway.selector, { istio: "edge-gateway" });
    });

    it("controlPlane takes a kubeconfig, kept secret, and sends the Istio objects through its own provider", async () => {
        const { run } = await build({ ...tutorialArgs(), controlPlane: { kubeconfig: pulumi.secret(KUBECONFIG) } });
        const [provider] = run.ofType("pulumi:providers:kubernetes");
        assert.equal(provider.name, "edge-control-plane");
        assert.ok(isSecretValue(provider.inputs.kubeconfig), "the kubeconfig reached the engine in plaintext");
        for (const r of [...run.ofType(TYPES.gateway), ...run.ofType(TYPES.virtualService)]) {
            assert.equal(r.provider?.split("::")[3], "edge-control-plane", r.name);
        }
        for (const r of run.ofType(TYPES.secret)) assert.notEqual(r.provider?.split("::")[3], "edge-control-plane");
    });

    it("refuses a time that is not ISO 8601 together with the config's own problems", () => {
        const args = { ...tutorialArgs(), now: "yesterday", routes: [{ host: "x.other.com", service: "s", port: 80 }] };
        assert.throws(
            () => new SecureIngress("x", args),
            (error: ConfigError) => {
                assert.deepEqual(
                    error.problems.map((p) => p.path),
                    ["now", "routes[0].host"],
                );
                return true;
            },
        );
    });

    it("the TypeScript controlPlaneProvider option still routes the Istio objects", async () => {
        const run = await runComponents((instrumentation) => {
            const mesh = new Provider("mesh", {}, instrumentation);
            const ingress = new SecureIngress("edge", tutorialArgs(), {
                ...instrumentation,
                controlPlaneProvider: mesh,
            });
            return { credentials: ingress.credentialSummaries };
        });
        assert.equal(run.ofType(TYPES.gateway)[0].provider?.split("::")[3], "mesh");
    });
});
