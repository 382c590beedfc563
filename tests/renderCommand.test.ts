// `npm run render`: a stack's config applied to a throwaway stack and backend with renderDir set, under a
// fake Pulumi CLI here (the command was run on the real engine: README, "A look without a cluster").

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main } from "../cli/render";

function project(stackFile: string) {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "igt-render-test-"));
    fs.writeFileSync(path.join(cwd, "Pulumi.dev.yaml"), stackFile);
    return cwd;
}

describe("npm run render (manifests without a cluster)", () => {
    it("applies the stack's config with renderDir to a throwaway stack on a throwaway local backend", () => {
        const cwd = project(
            "config:\n  istio-gateway-tls:certificates:\n    - name: c\n      hosts: [a.example.com]\n",
        );
        const calls: { args: string[]; backend?: string; config?: any }[] = [];
        const code = main(["--out", "out"], {
            cwd,
            stdout: () => undefined,
            stderr: (text) => assert.fail(text),
            pulumi: (args, env, dir) => {
                // As the CLI does: stack init writes the new stack's file beside the project's.
                if (args[0] === "stack")
                    fs.writeFileSync(path.join(dir, `Pulumi.${args[2]}.yaml`), "encryptionsalt: x\n");
                const file = args[args.indexOf("--config-file") + 1];
                calls.push({
                    args,
                    backend: env.PULUMI_BACKEND_URL,
                    ...(args.includes("--config-file") && { config: yaml.load(fs.readFileSync(file, "utf8")) }),
                });
            },
        });
        assert.equal(code, 0);
        assert.deepEqual(
            calls.map((call) => call.args.slice(0, 2)),
            [
                ["stack", "init"],
                ["up", "--yes"],
            ],
        );
        assert.match(calls[1].backend!, /^file:\/\/.*igt-render-/);
        assert.equal(calls[1].config.config["istio-gateway-tls:renderDir"], path.join(cwd, "out"));
        assert.deepEqual(calls[1].config.config["istio-gateway-tls:certificates"][0].hosts, ["a.example.com"]);
        // The throwaway stack's file is gone; the user's is untouched.
        assert.deepEqual(fs.readdirSync(cwd), ["Pulumi.dev.yaml"]);
        fs.rmSync(cwd, { recursive: true, force: true });
    });

    it("refuses a stack file with secret values, which a throwaway stack cannot decrypt, and says what to run", () => {
        const cwd = project(
            "config:\n  istio-gateway-tls:controlPlane:\n    kubeconfig:\n      secure: AAAB\n  istio-gateway-tls:certificates: []\n",
        );
        let error = "";
        const code = main([], {
            cwd,
            stdout: () => undefined,
            stderr: (text) => (error += text),
            pulumi: () => assert.fail("ran"),
        });
        assert.equal(code, 2);
        assert.match(
            error,
            /controlPlane\.kubeconfig[\s\S]*pulumi config set renderDir rendered && pulumi up --stack dev/,
        );
        fs.rmSync(cwd, { recursive: true, force: true });
    });
});
