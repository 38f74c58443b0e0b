// When the focused element disappears (Reconnect now on recovery, a dismissed note,
// the login form after logging in), the focus must not fall to <body>, where a
// keyboard or screen-reader user would have to start over. Elements mark their
// region (`data-focus-region`); the caller says where each region's focus goes.

/** Calls `fallback(region)` and focuses what it returns when the focused element was removed from `root`. */
export function keepFocus(root: HTMLElement, fallback: (region: string | null) => HTMLElement | null): () => void {
  let last: { element: Element; region: string | null } | null = null;
  const onFocusIn = (e: FocusEvent) => {
    const element = e.target as Element;
    last = { element, region: element.closest('[data-focus-region]')?.getAttribute('data-focus-region') ?? null };
  };
  const lost = () => document.activeElement === null || document.activeElement === document.body;
  const observer = new MutationObserver(() => {
    if (last === null || last.element.isConnected || !lost()) return;
    const region = last.region;
    last = null;
    fallback(region)?.focus();
  });
  root.addEventListener('focusin', onFocusIn);
  observer.observe(root, { childList: true, subtree: true });
  return () => {
    root.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
  };
}
