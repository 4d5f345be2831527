// The name of the hidden command the detached clipboard helper runs (clipboard.ts starts it, the
// dispatcher answers it before anything else). Not a command of the index: nothing lists it.
export const CLEAR_COMMAND = '__clear-clipboard';
