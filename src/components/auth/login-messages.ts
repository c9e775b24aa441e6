/**
 * next-auth reports failures as an error code, except when authorize() throws: then the thrown message itself
 * (e.g. the login throttle's "Too many failed sign-in attempts. Try again in 8 s.") is the error.
 */
const knownErrors: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  AccessDenied: "This account may not sign in. An admin must add your email address as a user first.",
  OAuthSignin: "Single sign-on could not be started. Try again, or sign in with your password.",
  OAuthCallback: "Single sign-on failed. Try again, or sign in with your password.",
  OAuthAccountNotLinked: "Single sign-on failed. Try again, or sign in with your password.",
  Callback: "Sign-in failed. Try again.",
  SessionRequired: "Sign in to continue.",
  Configuration: "Sign-in is misconfigured on the server. Contact an admin.",
  Default: "Sign-in failed. Try again.",
};

/** For the result of signIn(): an unknown value is a message the server wrote for the user. */
export function signInErrorMessage(error: string): string {
  return knownErrors[error] ?? error;
}

/** For the ?error= query parameter, which anyone can put in a link: only known codes are shown. */
export function loginPageErrorMessage(error: string | undefined): string | null {
  if (!error) return null;
  return knownErrors[error] ?? knownErrors.Default ?? null;
}
