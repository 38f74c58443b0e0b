// The renderer's words: the one catalogue in app/shared/messages (shared with the
// tray and the notifications in main). Nothing is worded here.
export * from '../../shared/messages/index.ts';
