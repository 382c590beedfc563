// The entry point of the Pulumi component package (PulumiPlugin.yaml): the components other languages use
// through `pulumi package add`. Pulumi's analyzer reads their args' types from the TypeScript sources to
// build the schema; only what is exported here is in it.
export { SecureIngress } from "./components/secureIngress";
export { AppRoutes } from "./components/appRoutes";
