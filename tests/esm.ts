// ESM-only packages (client-node, kubernetes-models) loaded with a dynamic import whose specifier is a plain
// string, so the type-check does not read their declarations (client-node's alone are 850 files, about
// 3 s of npm test's CPU); the tests use a few members of each.

/** The module at `specifier`, untyped. */
export function importUntyped(specifier: string): Promise<any> {
    return import(specifier);
}
