// What scripts/dist-dir.ts writes into a placeholder Electron distribution, and
// what test/packaging/ looks for to tell a placeholder package from a real one.
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';

/** Named in the placeholder's directory, executable and marker file. */
export const PLACEHOLDER_MARKER = 'PLACEHOLDER-ELECTRON';

/** The string Electron's binary carries before its fuse wire; @electron/fuses searches for it. */
export const FUSE_SENTINEL = SENTINEL;

/**
 * Electron's fuse defaults (docs/tutorial/fuses.md), in @electron/fuses' V1 order:
 * RunAsNode on, EnableCookieEncryption off, EnableNodeOptionsEnvironmentVariable on,
 * EnableNodeCliInspectArguments on, EnableEmbeddedAsarIntegrityValidation off,
 * OnlyLoadAppFromAsar off, LoadBrowserProcessSpecificV8Snapshot off,
 * GrantFileProtocolExtraPrivileges on. '1' and '0' are FuseState ENABLE and DISABLE.
 */
export const ELECTRON_DEFAULT_FUSE_WIRE = '10110001';

// The wire above is written as ASCII; keep it in step with @electron/fuses' byte values.
if (FuseState.ENABLE !== '1'.charCodeAt(0) || FuseState.DISABLE !== '0'.charCodeAt(0)) {
  throw new Error('@electron/fuses changed its fuse byte values; update scripts/lib/electron-placeholder.ts');
}
