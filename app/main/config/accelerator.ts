// Electron accelerator text ("CommandOrControl+Alt+Shift+R") as config may give it for
// a global shortcut: modifiers, then one key. At least one modifier besides Shift, so a
// global shortcut never takes a key the agent types into other applications.

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const NAMED_KEYS = new Set([
  'plus', 'space', 'tab', 'backspace', 'delete', 'insert', 'return', 'enter', 'up', 'down', 'left', 'right',
  'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
]);

function isKey(part: string): boolean {
  const p = part.toLowerCase();
  return /^[a-z0-9]$/.test(p) || /^f([1-9]|1[0-9]|2[0-4])$/.test(p) || NAMED_KEYS.has(p) || /^[)!@#$%^&*(:;"'<>?~{}|`=,\-./[\]\\]$/.test(part);
}

/** Why `text` is not a usable global accelerator, or null when it is. */
export function acceleratorProblem(text: string): string | null {
  const parts = text.split('+').map((p) => p.trim());
  // "Ctrl+Plus" is how Electron spells the + key; a trailing "+" would leave an empty part.
  if (parts.some((p) => p === '')) return 'expected modifiers and one key joined by "+", e.g. "CommandOrControl+Alt+Shift+R"';
  const key = parts.at(-1)!;
  const modifiers = parts.slice(0, -1);
  if (!isKey(key)) return `"${key}" is not a key Electron knows (A-Z, 0-9, F1-F24, Space, Up, …)`;
  const unknown = modifiers.find((m) => !MODIFIERS.has(m.toLowerCase()));
  if (unknown !== undefined) return `"${unknown}" is not a modifier (CommandOrControl, Alt, Shift, Super, …)`;
  if (!modifiers.some((m) => m.toLowerCase() !== 'shift')) return 'a global shortcut needs a modifier other than Shift (CommandOrControl, Alt or Super)';
  return null;
}
