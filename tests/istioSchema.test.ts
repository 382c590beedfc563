// The Gateway and VirtualServices the program registers must pass Istio's CRD schemas.
// @kubernetes-models/istio is ESM-only; module "nodenext" keeps this import() a real dynamic import.

import * as assert from "node:assert/strict";
import { importUntyped } from "./esm";
import { buildGatewaySpec } from "../components/gateway/spec";
import { resolveIngressConfig } from "../config/resolve";
import { TYPES, runProgram, unwrapSecrets } from "./harness";
import { devConfig } from "./fixtures";

type Validatable = { validate(): void };
type ModelClass = new (data: any) => Validatable;

async function istioModels(): Promise<{ Gateway: ModelClass; VirtualService: ModelClass }> {
    const { Gateway } = await importUntyped("@kubernetes-models/istio/networking.istio.io/v1/Gateway");
    const { VirtualService } = await importUntyped("@kubernetes-models/istio/networking.istio.io/v1/VirtualService");
    return { Gateway, VirtualService };
}

function schemaErrors(Model: ModelClass, inputs: any): string | undefined {
    const { apiVersion, kind, ...rest } = unwrapSecrets(inputs);
    try {
        new Model(rest).validate();
        return undefined;
    } catch (error) {
        return String((error as Error).message ?? error);
    }
}

describe("Istio CRD schemas", () => {
    it("accept the Gateway and VirtualServices of the dev stack with a second certificate and route added", async () => {
        const { Gateway, VirtualService } = await istioModels();
        const config = devConfig();
        config.certificates.push({ name: "shop-credential", hosts: ["shop.example.com", "*.shop.example.com"] });
        config.routes.push({
            host: "shop.example.com",
            pathPrefix: "/",
            service: "shop",
            port: 8080,
            namespace: "shop",
        });
        config.routes.push({ host: "b.aliyun.com", pathPrefix: "/status/teapot", service: "httpbin", port: 8000 });
        const run = await runProgram(config);

        const gateways = run.ofType(TYPES.gateway);
        assert.equal(gateways.length, 1);
        assert.equal(schemaErrors(Gateway, gateways[0].inputs), undefined);
        const virtualServices = run.ofType(TYPES.virtualService);
        assert.equal(virtualServices.length, 3);
        for (const vs of virtualServices) assert.equal(schemaErrors(VirtualService, vs.inputs), undefined, vs.name);
    });

    it("reject a Gateway with tls.mode SIMPLEX, so the check above has teeth", async () => {
        const { Gateway } = await istioModels();
        const config = resolveIngressConfig(devConfig());
        const spec = buildGatewaySpec(config.gateway, [
            { certificateName: "c", hosts: ["*.aliyun.com"], credentialNames: ["c"], tls: config.certificates[0].tls },
        ]);
        (spec.servers[0].tls as { mode: string }).mode = "SIMPLEX";
        const errors = schemaErrors(Gateway, { metadata: { name: "g", namespace: "default" }, spec });
        assert.match(errors ?? "accepted", /mode/);
    });
});
