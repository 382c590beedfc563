// The types the rules read: a config whose wrongly typed parts the shape check left out (undefined), so that
// every rule still runs on everything else. Shared by shape.ts and every rule module.

import type { PlainCertificateConfig, PlainIngressConfig, PlainProgramConfig } from "../model/stack";
import type { CertificateWithDefaults } from "../resolved";

/** A config as the rules see it: any part may be missing, because its shape was wrong. */
export type Readable<T> = T extends (infer U)[]
    ? (Readable<U> | undefined)[]
    : T extends object
      ? { [K in keyof T]?: Readable<T[K]> }
      : T;

/** The readable part of a whole stack config. */
export type ReadableConfig = Readable<PlainIngressConfig & PlainProgramConfig>;

export type ReadableCertificate = Readable<PlainCertificateConfig>;
/** A readable certificate with its defaults filled: the values the rules judge against. */
export type EffectiveCertificate = CertificateWithDefaults;
