/** `emulator`: the one line a script waits for, with the actual port (for --port 0). Pure. */
export function renderEmulatorText(started: { address: string }): string {
  return `listening on ${started.address}\n`;
}
