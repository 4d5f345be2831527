// How a user's OAuth flow ends without tokens, as typed errors: the device code expired, the
// sign-in was refused, the session is over. `reason` lets the CLI and the deck tell them apart
// without reading the message (a TIMEOUT from the wire and an expired code share a code).
import { TokendeckError, type ErrorCode } from '../errors.js';

export type UserFlowEnd = 'code-expired' | 'refused' | 'session-ended';

const CODES: Record<UserFlowEnd, ErrorCode> = {
  'code-expired': 'TIMEOUT',
  refused: 'EXCHANGE_REJECTED',
  'session-ended': 'SIGNED_OUT',
};

export class UserFlowError extends TokendeckError {
  constructor(
    readonly reason: UserFlowEnd,
    message: string,
  ) {
    super(CODES[reason], message);
  }
}
