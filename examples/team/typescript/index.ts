// An application team's stack: its routes on the platform's gateway, for the hosts the platform stack
// delegated to the team's namespace (the platform's config: `delegations`). Stack config: `platformStack`, the
// platform stack's name (`<org>/istio-gateway-tls/<stack>`), and `namespace`, the team's namespace.
import * as pulumi from "@pulumi/pulumi";
import { AppRoutes } from "istio-gateway-tls";

const config = new pulumi.Config();
const platform = new pulumi.StackReference(config.require("platformStack"));

export = async () => {
    // Read as a plain value: AppRoutes checks the hosts against it before anything is registered.
    const delegation = (await platform.getOutputDetails("delegations")).value;
    const routes = new AppRoutes("shop", {
        delegation,
        namespace: config.require("namespace"),
        routes: [
            { host: "shop.a.example.com", service: "shop", port: 8080 },
            { host: "shop.a.example.com", pathPrefix: "/api", service: "shop-api", port: 8080 },
        ],
    });
    return { hosts: routes.hosts };
};
