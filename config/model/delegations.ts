// Hosts the platform stack delegates to application teams: each team routes them on the platform's gateway
// from its own stack and namespace (AppRoutes), and the API server refuses any other namespace's route for them.

import { list, object, string } from "./fields";

export const delegation = object(
    {
        namespace: string({
            doc: "The team's namespace: only routes there may serve these hosts on the gateway.",
            example: (at: string) => `pulumi config set --path '${at}.namespace' team-a`,
        }),
        hosts: list(string({ doc: "A host: `shop.example.com`, or `*.a.example.com` for one label." }), {
            doc: "The hosts delegated to the namespace; each must be served by one of the stack's certificates.",
            example: (at: string) => `pulumi config set --path '${at}.hosts[0]' '*.a.example.com'`,
        }),
    },
    {
        name: "DelegationConfig",
        doc: "Hosts one application team's namespace may route on the gateway from its own stack.",
        required: ["namespace", "hosts"],
    },
);

export const delegations = list(delegation, {
    doc:
        "Hosts delegated to application teams' namespaces. The Gateway admits their routes only there, and a " +
        "ValidatingAdmissionPolicy makes the API server refuse a route bound to the Gateway for a host not delegated to its namespace.",
    example: () =>
        "pulumi config set --path 'delegations[0].namespace' team-a && pulumi config set --path 'delegations[0].hosts[0]' '*.a.example.com'",
});
