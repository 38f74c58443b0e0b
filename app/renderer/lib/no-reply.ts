// The transport codes for "no reply came" (the preview shim's, and the window's view of
// them): the request may still have happened. Kept apart so the shim pulls in no words.
export const NO_REPLY = { timeout: 'timeout', disconnected: 'disconnected' } as const;
