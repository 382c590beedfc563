// The field builders of the config model. One declaration per field gives its TypeScript type (TypeOf), its
// type with defaults filled (WithDefaults), its shape check with its range and allowed values
// (validation/shape.ts walks the tree), its default (withDefaults), its example fix, the lists it belongs to
// (tags), and its doc: the JSON Schema (jsonSchema.ts), the args types (argsTypes.ts) and the configuration
// reference (reference.ts) are generated from it, and they state each default, so a doc never repeats one.

/** Lists a field belongs to, read by the rules instead of hand-kept lists of names. */
export type Tag =
    /** Shapes a certificate the stack issues, so it conflicts with `existing`. */
    | "issuance"
    /** A server TLS setting that a Gateway API listener (standard channel) cannot express. */
    | "istioOnly";

/**
 * A closed set of values. `name`: the enum type the component's args declare for it (an anonymous one stays
 * a plain string there: Istio's cipher list grows, and a string list keeps old SDKs working). `noun`: what a
 * value is, for the error when it is not one (`is not a TLS mode this tool manages`).
 */
export interface Enumeration<T extends string | number = string | number> {
    readonly name?: string;
    readonly doc: string;
    readonly noun: string;
    readonly values: readonly T[];
}

export const enumeration = <const T extends string | number>(e: Enumeration<T>) => e;

export interface Common {
    /** What the field is, one paragraph, for every reader: the docs, the JSON Schema and the args types say it. */
    doc: string;
    /** The command that sets the field, given the concrete path of its parent (`certificates[2]`). */
    example?: (at: string) => string;
    tags?: readonly Tag[];
    /**
     * In component args the value (a map's values) may be a `pulumi.Input`: a secret, or another resource's
     * output. It only fills resource inputs, never decides which resources exist, so validation checks its
     * content only when it is a plain string.
     */
    input?: boolean;
}

/** A whole number's range, checked with the shape; `noun` names it in the error (`is not a valid port`). */
export interface Range {
    min?: number;
    max?: number;
    noun?: string;
}

export type Field =
    | (Common & { kind: "string"; values?: Enumeration<string>; default?: string })
    | (Common & Range & { kind: "number"; values?: Enumeration<number>; default?: number })
    | (Common & { kind: "boolean"; default?: boolean })
    | (Common & { kind: "stringOrNumber" })
    | (Common & { kind: "stringMap"; default?: Record<string, string> })
    | (Common & { kind: "json" })
    | (Common & { kind: "list"; items: Field })
    | ObjectField;

export interface ObjectField<
    F extends Record<string, Field> = Record<string, Field>,
    R extends keyof F = keyof F,
    P extends boolean = boolean,
> extends Common {
    kind: "object";
    /** The interface the component's args declare for it (`CertificateConfig`). */
    name?: string;
    fields: F;
    /** Fields that must be set; every other one is optional. */
    required: readonly R[];
    /** Filled with its fields' defaults when absent. Otherwise an absent object stays absent: its presence means something. */
    filled?: P;
}

type ValuesOf<O, Base> = O extends { values: { values: readonly (infer T)[] } } ? T : Base;
/** The declared default's type, or undefined when the options declare none (WithDefaults reads this). */
type DefaultOf<O, T> = O extends { default: unknown } ? T : undefined;

/** A string; with `values`, its type is their union, and the shape check refuses any other. */
export function string<const O extends Common & { values?: Enumeration<string>; default?: ValuesOf<O, string> }>(
    options: O,
) {
    return { kind: "string", ...options } as unknown as Common & {
        kind: "string";
        values?: Enumeration<string>;
        default?: DefaultOf<O, ValuesOf<O, string>>;
        __type?: ValuesOf<O, string>;
    };
}
/** A whole number, within `min` and `max` or one of `values`. */
export function number<const O extends Common & Range & { values?: Enumeration<number>; default?: number }>(
    options: O,
) {
    return { kind: "number", ...options } as unknown as Common &
        Range & {
            kind: "number";
            values?: Enumeration<number>;
            default?: DefaultOf<O, number>;
        };
}
export const boolean = <D extends boolean>(options: Common & { default?: D }) =>
    ({ kind: "boolean", ...options }) as Common & { kind: "boolean"; default?: D };
export const stringOrNumber = (options: Common) => ({ kind: "stringOrNumber", ...options }) as const;
export const stringMap = <D extends Record<string, string>>(options: Common & { default?: D }) =>
    ({ kind: "stringMap", ...options }) as Common & { kind: "stringMap"; default?: D };
/** Any JSON value, passed through as it is (a webhook's own settings, which cert-manager types as JSON). */
export const json = (options: Common) => ({ kind: "json", ...options }) as const;
export const list = <I extends Field>(items: I, options: Common) => ({ kind: "list", items, ...options }) as const;
export function object<F extends Record<string, Field>, R extends keyof F = never, P extends boolean = false>(
    fields: F,
    { required = [], ...options }: Common & { name?: string; required?: readonly R[]; filled?: P },
): ObjectField<F, R, P> {
    return { kind: "object", fields, required, ...options };
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type HasDefault<F> = F extends { kind: "object"; filled?: infer P }
    ? P extends true
        ? true
        : false
    : F extends { default?: infer D }
      ? [Exclude<D, undefined>] extends [never]
          ? false
          : true
      : false;

/** The TypeScript type of the values a field accepts. */
export type TypeOf<F> = F extends { kind: "string"; __type?: infer T }
    ? T
    : F extends { kind: "number" }
      ? number
      : F extends { kind: "boolean" }
        ? boolean
        : F extends { kind: "stringOrNumber" }
          ? string | number
          : F extends { kind: "stringMap" }
            ? Record<string, string>
            : F extends { kind: "json" }
              ? unknown
              : F extends { kind: "list"; items: infer I }
                ? TypeOf<I>[]
                : F extends ObjectField<infer Fs, infer R>
                  ? Simplify<
                        { [K in keyof Fs as K extends R ? K : never]-?: TypeOf<Fs[K]> } & {
                            [K in keyof Fs as K extends R ? never : K]?: TypeOf<Fs[K]>;
                        }
                    >
                  : never;

/** The type of a valid value once `withDefaults` has run: every field with a default is present. */
export type WithDefaults<F> = F extends { kind: "list"; items: infer I }
    ? WithDefaults<I>[]
    : F extends ObjectField<infer Fs, infer R>
      ? Simplify<
            {
                [K in keyof Fs as K extends R ? K : HasDefault<Fs[K]> extends true ? K : never]-?: WithDefaults<Fs[K]>;
            } & {
                [K in keyof Fs as K extends R ? never : HasDefault<Fs[K]> extends true ? never : K]?: WithDefaults<
                    Fs[K]
                >;
            }
        >
      : TypeOf<F>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/** A leaf's declared default, or undefined (objects and lists have none of their own). */
export function declaredDefault(field: Field): unknown {
    return field.kind !== "object" && field.kind !== "list" && "default" in field ? field.default : undefined;
}

/**
 * The value with every declared default filled in, through objects and lists; values present are kept as
 * they are. Works on partial (readable) values too, so the rules read effective values without `??`.
 */
export function withDefaults<F extends Field>(field: F, value: unknown): WithDefaults<F> {
    if (field.kind === "list") {
        return (Array.isArray(value) ? value.map((item) => withDefaults(field.items, item)) : value) as never;
    }
    if (field.kind !== "object") {
        const declared = declaredDefault(field);
        return (value ?? (isRecord(declared) ? { ...declared } : declared)) as never;
    }
    if (value !== undefined && !isRecord(value)) return value as never;
    const record = value ?? {};
    const filled: Record<string, unknown> = { ...record };
    for (const [key, spec] of Object.entries(field.fields)) {
        if (spec.kind === "list" || (spec.kind === "object" && !spec.filled)) {
            if (record[key] !== undefined) filled[key] = withDefaults(spec, record[key]);
        } else {
            const item = withDefaults(spec, record[key]);
            if (item !== undefined) filled[key] = item;
        }
    }
    return filled as never;
}

/** The names of an object's fields that carry `tag`. */
export function fieldsTagged<F extends Record<string, Field>>(
    field: ObjectField<F, keyof F>,
    tag: Tag,
): (keyof F & string)[] {
    return Object.entries(field.fields)
        .filter(([, spec]) => spec.tags?.includes(tag))
        .map(([name]) => name);
}

/** Ranges shared by several concerns' fields. */
export const DAYS = { min: 1, max: 36500, noun: "number of days" } as const;
export const PORT = { min: 1, max: 65535, noun: "port" } as const;
