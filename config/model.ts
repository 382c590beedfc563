// The stack-config model: one declaration per field gives its TypeScript type (TypeOf), its shape check
// (shape.ts reads this tree), its default (defaultsOf) and its documentation (the TSDoc on each field, which
// the derived types carry). Rules on values across fields are plain functions in rules.ts.

export type Field =
    | { kind: "string"; values?: readonly string[]; default?: string }
    | { kind: "number"; default?: number }
    | { kind: "boolean"; default?: boolean }
    | { kind: "stringOrNumber" }
    | { kind: "stringMap"; default?: Record<string, string> }
    | { kind: "list"; items: Field }
    | ObjectField;

export interface ObjectField<F extends Record<string, Field> = Record<string, Field>, R extends keyof F = keyof F> {
    kind: "object";
    fields: F;
    /** Fields that must be set; every other one is optional. */
    required: readonly R[];
}

/** A string; with `values`, its type is their union (membership is a rule, so the message can suggest one). */
export function string<T extends string = string>(options: { values?: readonly T[]; default?: NoInfer<T> } = {}) {
    return { kind: "string", ...options } as { kind: "string"; values?: readonly T[]; default?: T; __type?: T };
}
export const number = (options: { default?: number } = {}) => ({ kind: "number", ...options }) as const;
export const boolean = (options: { default?: boolean } = {}) => ({ kind: "boolean", ...options }) as const;
export const stringOrNumber = () => ({ kind: "stringOrNumber" }) as const;
export const stringMap = (options: { default?: Record<string, string> } = {}) =>
    ({ kind: "stringMap", ...options }) as const;
export const list = <I extends Field>(items: I) => ({ kind: "list", items }) as const;
export function object<F extends Record<string, Field>, R extends keyof F = never>(
    fields: F,
    required: readonly R[] = [],
): ObjectField<F, R> {
    return { kind: "object", fields, required };
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

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
            : F extends { kind: "list"; items: infer I }
              ? TypeOf<I>[]
              : F extends ObjectField<infer Fs, infer R>
                ? Simplify<
                      { [K in keyof Fs as K extends R ? K : never]-?: TypeOf<Fs[K]> } & {
                          [K in keyof Fs as K extends R ? never : K]?: TypeOf<Fs[K]>;
                      }
                  >
                : never;

/** The defaults an object's fields declare, by field name. */
export function defaultsOf<F extends Record<string, Field>>(
    field: ObjectField<F, keyof F>,
): { [K in keyof F]: F[K] extends { default?: infer D } ? Exclude<D, undefined> : never } {
    const defaults: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(field.fields)) {
        if ("default" in spec && spec.default !== undefined) defaults[name] = spec.default;
    }
    return defaults as never;
}
