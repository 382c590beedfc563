// How a cluster object says which stack made it: an annotation naming the project and stack. The recovery
// (recover/) adopts an interrupted create's object only when it carries this stack's name, so a same-named
// object made by kubectl or by another stack is never taken over.

/** The annotation on every object the stack creates (not on the namespace it only patches). */
export const STACK_ANNOTATION = "istio-gateway-tls.io/stack";

/** The annotation's value: `<project>/<stack>`, as the stack's URNs name them. */
export function stackIdentity(project: string, stack: string): string {
    return `${project}/${stack}`;
}

/** The project and stack of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function urnStack(urn: string): { project: string; stack: string } {
    const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
    if (!match) throw new Error(`not a Pulumi URN: ${urn}`);
    return { stack: match[1], project: match[2] };
}
