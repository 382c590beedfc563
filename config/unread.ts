// A value that is present but cannot be read here: a `secure:` stack value without its passphrase, or a
// component arg that is a secret or another resource's output. Shape checks accept it; checks that need
// its content skip it.

/** Stands in for a value whose content cannot be read at validation time. */
export const UNREAD_SECRET = "[secure value, not readable without the stack's passphrase]";

export function isUnreadSecret(value: unknown): boolean {
    return value === UNREAD_SECRET;
}
