// Types of buildStamp.js, for the tests that use it.
export declare const STAMP: string;
/** The digest of every TypeScript source under root, by path relative to root. */
export declare function hashSources(root: string): Record<string, string>;
/** Records, in dist/, each source of `sourceDigests` that has its JavaScript there. */
export declare function writeStamp(root: string, sourceDigests: Record<string, string>): void;
export declare function removeStamp(root: string): void;
/** Why each of `loaded` (absolute paths under root/dist) differs from what the last build made; empty if none. */
export declare function staleModules(root: string, loaded: readonly string[]): string[];
