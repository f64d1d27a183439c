// What a new password must be (NIST SP 800-63B's rules, measured by zxcvbn):
//   - 8 to 128 characters, counted as code points (an emoji is one);
//   - not the username or email, nor built around them or the account's names;
//   - hard to guess: zxcvbn-ts, with its dictionaries of common passwords, names and
//     words, must estimate at least 10^8 guesses (score 3 of 4): "password",
//     "12345678", "qwertyuiop" and "johndoe123" are refused, a passphrase is not.
// No composition rules (one digit, one symbol...): they make passwords worse, not better.
// zxcvbn's dictionaries are a few megabytes: loaded on the first registration, not at start.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
const MIN_SCORE = 3;

let estimator: Promise<ZxcvbnFactory> | undefined;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return estimator;
}

export interface PasswordContext {
  username?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

/** Why the password is refused, or null when it will do; `account` adds what it must not be built from. */
export async function passwordProblem(password: string, account: PasswordContext = {}): Promise<string | null> {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  const localPart = account.email?.split('@')[0]?.toLowerCase();
  if ([account.username?.toLowerCase(), account.email?.toLowerCase(), localPart].includes(lower)) {
    return 'must not be your username or email';
  }
  const personal = [account.username, account.email, localPart, account.firstName, account.lastName].filter((word): word is string => Boolean(word));
  const { score } = (await loadEstimator()).check(password, personal);
  if (score < MIN_SCORE) return 'is too easy to guess: use a longer passphrase of unrelated words';
  return null;
}
