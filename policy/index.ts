// The policy pack, as `pulumi preview --policy-pack policy` loads it. Rules live in policies.ts.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("istio-gateway-tls", { policies });
