/**
 * What the gateway and the HTTP endpoint both say and wait for, in one module so that neither
 * transport imports the other.
 */

/** The apology for a command that failed, always ephemeral. */
export const SORRY = 'Sorry, something went wrong. Please try again.';

/** A component (or interaction kind) this bot no longer knows or never asks for. */
export const EXPIRED_COMPONENT = 'This button has expired. Run the command again.';

/** A command still running after this long is deferred, well inside Discord's 3 s. */
export const DEFER_AFTER_MS = 1_500;

/** Discord accepts the first response to an interaction only this long after the user acted. */
export const RESPONSE_WINDOW_MS = 3_000;

/** How far the estimate of Discord's clock may be off: its Date header is in whole seconds, plus network delay. */
export const CLOCK_UNCERTAINTY_MS = 1_000;

/** Discord's answer to a response sent after its window closed (or to an interaction it never sent). */
export const UNKNOWN_INTERACTION = 10062;
