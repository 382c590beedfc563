// When the engine gets the route summaries. It saves its whole state after every step, so an output
// registered early is written again at each later step (docs/performance.md): SecureIngress gives its route
// summaries, and so the stack its `routes`, only once every route object is stored.

import * as assert from "node:assert/strict";
import { IstioGateway, SecureIngress } from "../components";
import { devConfig } from "./fixtures";
import { TYPES, runComponents } from "./harness";

describe("the route summaries", () => {
    it("gives the route summaries only once the engine has answered every route object's registration", async () => {
        let answered = 0;
        let answeredBeforeSummaries: number | undefined;
        let routeObjects = 0;
        const answer = async (type: string) => {
            if (type !== TYPES.virtualService) return;
            // The engine's step: a few macrotask turns.
            await new Promise((resolve) => setTimeout(resolve, 5));
            answered++;
        };
        await runComponents(
            ({ transformations }) => {
                const ingress = new SecureIngress("edge", devConfig() as never, { transformations });
                const [gateway] = ingress.gateways;
                assert.ok(gateway instanceof IstioGateway);
                routeObjects = Object.keys(gateway.virtualServices).length;
                ingress.routeSummaries.apply(() => {
                    answeredBeforeSummaries ??= answered;
                });
                return { routes: ingress.routeSummaries };
            },
            { answer },
        );
        assert.ok(routeObjects > 1);
        assert.equal(answeredBeforeSummaries, routeObjects);
    });
});
